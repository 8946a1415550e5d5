"""Translated fields (Thai and English) and change history for the documents app."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")


simple_history.register(Document, app="documents", m2m_fields=["practices", "pilots", "municipalities", "partners"])
