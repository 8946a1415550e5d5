"""Admin for themes, countries, local governments and best practices (the pilots inline: pilots/admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delgosea.admin import PortalAdmin, PublishActionsMixin

from .models import BestPractice, Country, Municipality, Sdg, Theme
from .names import place_order


@admin.register(Theme)
class ThemeAdmin(PortalAdmin):
    list_display = ["number", "name", "slug", "translation_status"]
    list_display_links = ["number", "name"]
    search_fields = ["name_th", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Country)
class CountryAdmin(PortalAdmin):
    list_display = ["code", "name", "translation_status"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(Sdg)
class SdgAdmin(PortalAdmin):
    list_display = ["number", "name", "translation_status"]
    list_display_links = ["number", "name"]
    search_fields = ["number", "name_th", "name_en"]


@admin.register(Municipality)
class MunicipalityAdmin(PortalAdmin):
    list_display = ["name", "country", "kind", "province", "population", "translation_status"]
    list_filter = ["country", "kind"]
    list_select_related = ["country"]
    search_fields = ["name_th", "name_en", "aliases", "slug", "province_th", "province_en"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "country", "province", "kind", "aliases"]}),
        (_("Facts"), {"fields": ["population", "population_note", "mayor", "contact", "website"]}),
        (_("Map position"), {"fields": ["latitude", "longitude"]}),
        (_("Sources"), {"fields": ["sources", "created", "updated"]}),
    ]

    def get_ordering(self, request):
        """By name in the admin's language, Thai in dictionary order, as the public list."""
        return [*place_order(), "slug"]


@admin.register(BestPractice)
class BestPracticeAdmin(PublishActionsMixin, PortalAdmin):
    list_display = ["number", "title", "theme", "municipality", "country", "published", "translation_status"]
    list_display_links = ["number", "title"]
    list_filter = ["published", "theme", "municipality__country", "sdgs"]
    list_select_related = ["theme", "municipality__country"]
    search_fields = [
        *("title_th", "title_en", "summary_th", "summary_en"),
        *("municipality__name_th", "municipality__name_en"),
    ]
    autocomplete_fields = ["theme", "municipality", "sdgs"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("number", "slug", "title", "title_unverified", "theme", "municipality", "sdgs", "start_year"),
                    "published",
                ]
            },
        ),
        (_("Text"), {"fields": ["summary", "background", "what_was_done", "results", "lessons"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt"]}),
        (_("Sources"), {"fields": ["sources", "created", "updated"]}),
    ]

    @admin.display(description=_("country"), ordering="municipality__country__code")
    def country(self, obj):
        return obj.municipality.country
