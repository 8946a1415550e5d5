"""Translated fields (Thai and English) and change history for the documents app."""

from modeltranslation.translator import TranslationOptions, register

from delgosea.history import register_history

from .models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


register_history(Document, app="documents", m2m_fields=["practices", "pilots", "municipalities", "partners"])
