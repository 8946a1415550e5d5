"""Public pages for the partner organisations."""

from django.shortcuts import get_object_or_404, render

from practices.views import SHORT_LIST

from .models import Partner


def partner_list(request):
    partners = Partner.objects.published().by_name()
    groups = {}
    for partner in partners:
        groups.setdefault(partner.kind, []).append(partner)
    kinds = [(label, groups[value]) for value, label in Partner.Kind.choices if value in groups]
    return render(request, "partners/partner_list.html", {"kinds": kinds, "total": len(partners)})


def partner_detail(request, slug):
    partner = get_object_or_404(Partner.objects.visible_to(request.user), slug=slug)
    documents = partner.documents.published()[:SHORT_LIST]
    return render(request, "partners/partner_detail.html", {"partner": partner, "documents": documents})
