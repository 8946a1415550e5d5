"""Change history kept per language.

django-simple-history would copy every field, including the untranslated base fields that
django-modeltranslation adds (title, summary, ...). Their value follows the interface language of
whoever saved, so an edit made in the English admin looked like the Thai text overwritten. The
history keeps only the per-language columns (title_th, title_en, ...): a diff names exactly the
language that changed, and a revert restores each language as it was.
"""

import simple_history
from modeltranslation.translator import translator


def register_history(model, excluded_fields=(), **options):
    """Record `model`'s changes; call it after the model is registered for translation."""
    untranslated = list(translator.get_options_for_model(model).fields)
    simple_history.register(model, excluded_fields=[*untranslated, *excluded_fields], **options)
