from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delgosea.admin import PortalAdmin, PublishActionsMixin

from .models import Document


@admin.register(Document)
class DocumentAdmin(PublishActionsMixin, PortalAdmin):
    list_display = ["title", "kind", "date", "language", "is_upload", "published", "translation_status"]
    list_filter = ["published", "kind", "language", "date"]
    search_fields = ["title_th", "title_en", "slug", "url"]
    autocomplete_fields = ["practices", "pilots", "municipalities", "partners"]
    prepopulated_fields = {"slug": ["title_en"]}
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "date", "precision", "language", "published"]}),
        (
            _("File or link"),
            {"fields": ["file", "url"], "description": _("Upload a PDF or give a link: one of the two.")},
        ),
        (_("What it is about"), {"fields": ["description", "practices", "pilots", "municipalities", "partners"]}),
        (_("Sources"), {"fields": ["sources", "created", "updated"]}),
    ]

    @admin.display(description=_("uploaded PDF"), boolean=True)
    def is_upload(self, obj):
        return bool(obj.file)
