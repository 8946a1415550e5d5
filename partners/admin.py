from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delgosea.admin import PortalAdmin, PublishActionsMixin

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(PublishActionsMixin, PortalAdmin):
    list_display = ["name", "acronym", "kind", "country", "published", "translation_status"]
    list_filter = ["published", "kind", "country"]
    list_select_related = ["country"]
    search_fields = ["name_th", "name_en", "acronym", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["acronym"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "country", "website", "published"]}),
        (_("Role"), {"fields": ["role", "logo"]}),
        (_("Sources"), {"fields": ["sources", "created", "updated"]}),
    ]
