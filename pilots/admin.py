from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from delgosea.admin import ImageUploadForm, PortalAdmin, PublishActionsMixin
from practices.admin import BestPracticeAdmin

from .models import Milestone, Pilot


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    extra = 1
    fields = ["date", "precision", "end_date", "title"]


class PilotInline(TranslationStackedInline):
    model = Pilot
    fk_name = "practice"
    extra = 0
    fields = ["slug", "municipality", "title", "description", "stage", "award", "published"]
    autocomplete_fields = ["municipality"]
    show_change_link = True
    classes = ["collapse"]


# A practice's admin page lists its pilots; added here because pilots depend on practices, not the reverse.
BestPracticeAdmin.inlines = [*BestPracticeAdmin.inlines, PilotInline]


class PilotForm(ImageUploadForm):
    def clean(self):
        cleaned = super().clean()
        practice, drew_on = cleaned.get("practice"), cleaned.get("also_drew_on")
        if practice is not None and drew_on is not None and practice in drew_on:
            self.add_error(
                "also_drew_on",
                _("“%(practice)s” is the practice this pilot copied; list only the others it drew on.")
                % {"practice": practice},
            )
        return cleaned


@admin.register(Pilot)
class PilotAdmin(PublishActionsMixin, PortalAdmin):
    form = PilotForm
    list_display = ["municipality", "country", "practice", "stage", "award", "published", "translation_status"]
    list_filter = ["published", "award", "stage", "municipality__country", "practice__theme"]
    list_select_related = ["municipality__country", "practice"]
    search_fields = [
        "slug",
        "title_th",
        "title_en",
        "municipality__name_th",
        "municipality__name_en",
        "municipality__aliases",
        "practice__title_th",
        "practice__title_en",
    ]
    autocomplete_fields = ["municipality", "practice", "also_drew_on"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [MilestoneInline]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["slug", "municipality", "practice", "also_drew_on", "published"]}),
        (
            _("Replication project"),
            {"fields": ["title", "title_unverified", "description", "stage", "status", "award"]},
        ),
        (_("Sources"), {"fields": ["sources", "created", "updated"]}),
    ]

    @admin.display(description=_("country"), ordering="municipality__country__code")
    def country(self, obj):
        return obj.municipality.country


@admin.register(Milestone)
class MilestoneAdmin(PortalAdmin):
    """Milestones are edited inline on their pilot; here each one has its own history, to see and revert."""

    list_display = ["date", "precision", "title", "pilot", "translation_status"]
    list_filter = ["precision", "pilot__municipality__country"]
    list_select_related = ["pilot__municipality"]
    search_fields = [
        "title_th",
        "title_en",
        "pilot__slug",
        "pilot__municipality__name_th",
        "pilot__municipality__name_en",
    ]
    autocomplete_fields = ["pilot"]
    fields = ["pilot", "date", "precision", "end_date", "title"]
