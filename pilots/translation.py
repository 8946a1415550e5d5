"""Translated fields (Thai and English) and change history for the pilots app."""

from modeltranslation.translator import TranslationOptions, register

from delgosea.history import register_history

from .models import Milestone, Pilot


@register(Pilot)
class PilotTranslationOptions(TranslationOptions):
    fields = ("title", "title_unverified", "description", "status")
    # An unticked box in one language is an answer, not a gap to fill from the other language.
    fallback_undefined = {"title_unverified": None}


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title",)


register_history(Pilot, app="pilots", m2m_fields=["also_drew_on"])
register_history(Milestone, app="pilots")
