"""The public list of documents, and the download of an uploaded one."""

from django.http import FileResponse
from django.shortcuts import get_object_or_404

from delgosea.pagination import list_page

from .filters import DocumentFilter
from .models import Document


def document_list(request):
    document_filter = DocumentFilter(request.GET, queryset=Document.objects.published().with_subjects())
    return list_page(request, document_filter, "documents/document_list.html")


def download(request, slug):
    """An uploaded PDF as an attachment named by its slug, read through the storage API (any storage will do)."""
    document = get_object_or_404(Document.objects.visible_to(request.user).exclude(file=""), slug=slug)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{document.slug}.pdf", content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
