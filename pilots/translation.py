"""Translated fields (Thai and English) and change history for the pilots app."""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from .models import Milestone, Pilot


@register(Pilot)
class PilotTranslationOptions(TranslationOptions):
    fields = ("title", "description", "status")


@register(Milestone)
class MilestoneTranslationOptions(TranslationOptions):
    fields = ("title",)


simple_history.register(Pilot, app="pilots", m2m_fields=["also_drew_on"])
simple_history.register(Milestone, app="pilots")
