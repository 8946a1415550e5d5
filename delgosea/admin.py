"""What every record's admin shares: Thai and English tabs, change history with revert, checked image uploads,
a column and a list filter that flag missing text, and publish/hide actions."""

import operator
from functools import reduce

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin

from .images import build_renditions, clean_upload

admin.site.site_header = _("DELGOSEA Knowledge Portal")
admin.site.site_title = _("DELGOSEA admin")
admin.site.index_title = _("Content of the portal")

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def text_fields(model):
    """The model's translated text fields; a translated box (ticked in one language only) is an answer, not text."""
    fields = translator.get_options_for_model(model).fields
    return [name for name in fields if not isinstance(model._meta.get_field(name), models.BooleanField)]


def missing_languages(obj):
    """The languages in which `obj` lacks text: a field filled in one language but not
    another, or a required field filled in none."""
    model = type(obj)
    missing = set()
    for name in text_fields(model):
        values = {code: (getattr(obj, f"{name}_{code}", "") or "").strip() for code in LANGUAGE_CODES}
        required = not model._meta.get_field(name).blank
        if required or any(values.values()):
            missing.update(code for code, text in values.items() if not text)
    return [code for code in LANGUAGE_CODES if code in missing]


def missing_text(model, name, code):
    """The records whose translated field `name` lacks text in language `code`, by the rule of
    missing_languages: the field is required, or filled in another language."""
    lacking = Q(**{f"{name}_{code}__isnull": True}) | Q(**{f"{name}_{code}": ""})
    if model._meta.get_field(name).blank:
        filled_elsewhere = [
            Q(**{f"{name}_{other}__isnull": False}) & ~Q(**{f"{name}_{other}": ""})
            for other in LANGUAGE_CODES
            if other != code
        ]
        lacking &= reduce(operator.or_, filled_elsewhere)
    return lacking


class MissingTranslationFilter(admin.SimpleListFilter):
    """Lists the records that lack text in a language: in any translated field, or in the one chosen."""

    title = _("missing translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        model = model_admin.model
        choices = []
        for code, language in settings.LANGUAGES:
            choices.append((code, _("%(language)s: any field") % {"language": language}))
            choices.extend(
                (f"{code}.{name}", capfirst(model._meta.get_field(f"{name}_{code}").verbose_name))
                for name in text_fields(model)
            )
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return None
        code, _dot, name = self.value().partition(".")
        fields = text_fields(queryset.model)
        if code not in LANGUAGE_CODES or (name and name not in fields):
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(
            reduce(operator.or_, (missing_text(queryset.model, field, code) for field in ([name] if name else fields)))
        )


class ImageUploadForm(forms.ModelForm):
    """Replaces each newly uploaded image with a checked copy free of metadata, under a random name."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.ImageField) and isinstance(value, UploadedFile):
                try:
                    cleaned[name] = clean_upload(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class PortalAdmin(SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Tabs for Thai and English, change history with revert, and a column and a filter that flag missing text."""

    form = ImageUploadForm
    list_per_page = 50
    # Django 6 makes https the default scheme for typed-in web addresses; use it now.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["css/admin.css"]}

    def save_model(self, request, obj, form, change):
        """Saves the record, then makes the renditions of each newly uploaded image, so no page has to."""
        super().save_model(request, obj, form, change)
        for name in form.changed_data:
            if isinstance(form.fields[name], forms.ImageField):
                build_renditions(getattr(obj, name))

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.history_version_id = version_id  # read by get_form below
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        """On a revert page, a form whose many-to-many fields start from the chosen version.

        django-simple-history records the links (m2m_fields) but fills the revert form from the record as
        it is now, so reverting would save today's goals or 'also drew on' practices back."""
        form_class = super().get_form(request, obj, **kwargs)
        version_id = getattr(request, "history_version_id", None)
        if version_id is None:
            return form_class
        version = self.model.history.get(history_id=version_id)
        links = {
            field.name: [
                getattr(row, f"{field.m2m_reverse_field_name()}_id") for row in getattr(version, field.name).all()
            ]
            for field in self.model._meta.many_to_many
            if field.name in form_class.base_fields and hasattr(version, field.name)
        }

        class VersionForm(form_class):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                self.initial.update(links)

        return VersionForm

    @admin.display(description=_("Thai / English"))
    def translation_status(self, obj):
        missing = missing_languages(obj)
        if not missing:
            return format_html('<span class="translation-ok" title="{}">✓</span>', _("Complete in Thai and English"))
        labels = ", ".join(code.upper() for code in missing)
        return format_html(
            '<strong class="translation-missing">⚠ {}</strong>',
            _("text missing: %(languages)s") % {"languages": labels},
        )


class PublishActionsMixin:
    """Publish or hide several records at once, each change kept in the history."""

    actions = ["make_published", "make_hidden"]

    def _set_published(self, request, queryset, value):
        count = 0
        with transaction.atomic():
            # OF self: the changelist joins optional relations (a partner's country), which PostgreSQL will not lock.
            for obj in queryset.select_for_update(of=("self",)):
                if obj.published != value:
                    obj.published = value
                    obj.save(update_fields=["published", "updated"])
                    count += 1
        message = (
            ngettext("%(count)d record published.", "%(count)d records published.", count)
            if value
            else ngettext(
                "%(count)d record hidden from the public.", "%(count)d records hidden from the public.", count
            )
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish selected records"), permissions=["change"])
    def make_published(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Hide selected records from the public"), permissions=["change"])
    def make_hidden(self, request, queryset):
        self._set_published(request, queryset, False)
