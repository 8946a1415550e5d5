"""Translated fields (Thai and English) and change history for the partners app."""

from modeltranslation.translator import TranslationOptions, register

from delgosea.history import register_history

from .models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "role")


register_history(Partner, app="partners")
