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
    fields = ("title", "title_unverified", "summary", "background", "what_was_done", "results", "lessons", "photo_alt")
    # An unticked box in one language is an answer, not a gap to fill from the other language.
    fallback_undefined = {"title_unverified": None}


for model in (Theme, Country, Sdg):
    register_history(model, app="practices")
# Not search_name nor sort_name, which the database derives from the names the history keeps.
register_history(Municipality, app="practices", excluded_fields=["search_name", "sort_name"])
# Not search_text, which the database derives from the text the history keeps.
register_history(
    BestPractice,
    app="practices",
    m2m_fields=["sdgs"],
    excluded_fields=["search_text"],
)
