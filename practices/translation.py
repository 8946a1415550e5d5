"""Translated fields (Thai and English) and change history for the practices app.

History is registered here, after translation, so the historical models carry the
per-language columns (title_th, title_en, ...) that modeltranslation adds, and only those
(delgosea/history.py says why).
"""

from modeltranslation.translator import TranslationOptions, register

from delgosea.history import register_history

from .models import BestPractice, Country, Municipality, Sdg, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Sdg)
class SdgTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Municipality)
class MunicipalityTranslationOptions(TranslationOptions):
    fields = ("name", "province", "population_note", "mayor", "contact")


@register(BestPractice)
class BestPracticeTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "background", "what_was_done", "results", "lessons", "photo_alt")


for model in (Theme, Country, Sdg):
    register_history(model, app="practices")
# Not search_name, which the database derives from the names the history keeps.
register_history(Municipality, app="practices", excluded_fields=["search_name"])
# Not search_text, which the database derives from the text the history keeps.
register_history(
    BestPractice,
    app="practices",
    m2m_fields=["sdgs"],
    excluded_fields=["search_text"],
)
