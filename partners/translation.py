"""Translated fields (Thai and English) and change history for the partners app."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Partner


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name", "role")


simple_history.register(Partner, app="partners")
