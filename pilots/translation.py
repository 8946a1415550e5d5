"""Translated fields (Thai and English) and change history for the pilots app."""

from modeltranslation.translator import TranslationOptions, register

from delgosea.history import register_history

from .models import Milestone, Pilot


@register(Pilot)
class PilotTranslationOptions(TranslationOptions):
    fields = ("title", "description", "status")


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title",)


register_history(Pilot, app="pilots", m2m_fields=["also_drew_on"])
register_history(Milestone, app="pilots")
