"""schema.org descriptions (JSON-LD) of the portal's pages, for search engines.

Plain dictionaries built from the records a page already has; delgosea.templatetags.seo turns them
into a <script type="application/ld+json"> data block, escaped like Django's json_script.
"""

import icu
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

SDG_SET = "https://sdgs.un.org/goals"
# What search engines show of a headline and a description.
HEADLINE_LIMIT = 110
DESCRIPTION_LIMIT = 500
ELLIPSIS = "…"


def shortened(text, limit):
    """`text` whole if it fits in `limit` characters, else cut at the last word boundary that leaves room for "…".

    ICU's word boundaries, which find the words of Thai too, though Thai writes no spaces between them. ICU counts
    in UTF-16 units, never fewer than characters, so the cut fits.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = icu.BreakIterator.createWordInstance(icu.Locale(get_language() or "th"))
    units = icu.UnicodeString(text)
    words.setText(units)
    end = words.preceding(limit)
    cut = str(units[0:end]).rstrip(" ,.;:!?-–—(") if end > 0 else ""
    if not cut:  # one word longer than the limit: cut inside it rather than give nothing
        cut = text[: limit - 1]
    return cut + ELLIPSIS


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
        "headline": shortened(practice.title, HEADLINE_LIMIT),
        "name": practice.title,
        "description": shortened(practice.summary, DESCRIPTION_LIMIT),
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
        "headline": shortened(f"{pilot.municipality.name}: {pilot.title}", HEADLINE_LIMIT),
        "name": pilot.title,
        "description": shortened(pilot.description, DESCRIPTION_LIMIT),
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
        "description": shortened(partner.role, DESCRIPTION_LIMIT),
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
