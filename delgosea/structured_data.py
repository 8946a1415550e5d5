"""schema.org descriptions (JSON-LD) of the portal's pages, for search engines.

Plain dictionaries built from the records a page already has; delgosea.templatetags.seo turns them
into a <script type="application/ld+json"> data block, escaped like Django's json_script.
"""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SDG_SET = "https://sdgs.un.org/goals"


def _absolute(request, path):
    return request.build_absolute_uri(path)


def publisher(request):
    return {
        "@type": "Organization",
        "name": _("DELGOSEA Knowledge Portal"),
        "url": _absolute(request, reverse("home")),
    }


def _address(municipality):
    address = {"@type": "PostalAddress", "addressCountry": municipality.country.code.upper()}
    if municipality.province:
        address["addressRegion"] = municipality.province
    return address


def _place(municipality):
    place = {
        "@type": "Place",
        "name": f"{municipality.name}, {municipality.country.name}",
        "address": _address(municipality),
    }
    if municipality.latitude is not None and municipality.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(municipality.latitude),
            "longitude": float(municipality.longitude),
        }
    return place


def local_government(municipality):
    organisation = {
        "@type": "GovernmentOrganization",
        "name": municipality.name,
        "address": _address(municipality),
        "location": _place(municipality),
    }
    if municipality.alias_list:
        organisation["alternateName"] = municipality.alias_list
    if municipality.website:
        organisation["url"] = municipality.website
    return organisation


def municipality(request, place):
    return {
        "@context": "https://schema.org",
        **local_government(place),
        "mainEntityOfPage": _absolute(request, place.get_absolute_url()),
    }


def practice(request, practice, sdgs=()):
    theme = practice.theme
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": practice.title[:110],
        "name": practice.title,
        "description": practice.summary,
        "url": _absolute(request, practice.get_absolute_url()),
        "inLanguage": get_language(),
        "articleSection": theme.name,
        "about": [
            {"@type": "DefinedTerm", "name": theme.name, "url": _absolute(request, theme.get_absolute_url())},
            local_government(practice.municipality),
            *(
                {"@type": "DefinedTerm", "name": str(sdg), "termCode": str(sdg.number), "inDefinedTermSet": SDG_SET}
                for sdg in sdgs
            ),
        ],
        "spatialCoverage": _place(practice.municipality),
        "isBasedOn": practice.source_list,
        "dateModified": practice.updated.isoformat() if practice.updated else None,
        "publisher": publisher(request),
        "isAccessibleForFree": True,
    }
    if practice.start_year:
        data["temporalCoverage"] = f"{practice.start_year}/.."
    if practice.photo:
        data["image"] = _absolute(request, practice.photo.url)
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def pilot(request, pilot):
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": f"{pilot.municipality.name}: {pilot.title}"[:110],
        "name": pilot.title,
        "description": pilot.description[:500],
        "url": _absolute(request, pilot.get_absolute_url()),
        "inLanguage": get_language(),
        "about": [local_government(pilot.municipality)],
        "spatialCoverage": _place(pilot.municipality),
        "isBasedOn": [_absolute(request, pilot.practice.get_absolute_url()), *pilot.source_list],
        "dateModified": pilot.updated.isoformat() if pilot.updated else None,
        "publisher": publisher(request),
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def partner(request, partner):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": partner.name,
        "alternateName": partner.acronym,
        "description": partner.role[:500],
        "url": partner.website or _absolute(request, partner.get_absolute_url()),
        "mainEntityOfPage": _absolute(request, partner.get_absolute_url()),
    }
    if partner.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": partner.country.code.upper()}
    if partner.logo:
        data["logo"] = _absolute(request, partner.logo.url)
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def website(request):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": _("DELGOSEA Knowledge Portal"),
        "url": _absolute(request, reverse("home")),
        "inLanguage": get_language(),
        "image": _absolute(request, static("img/share.png")),
        "publisher": publisher(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": _absolute(request, reverse("search")) + "?q={query}",
            "query-input": "required name=query",
        },
    }
