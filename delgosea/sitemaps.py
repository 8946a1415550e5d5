"""sitemap.xml: every public page in Thai and English, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from partners.models import Partner
from pilots.models import Pilot
from practices.models import BestPractice, Country, Municipality, Theme


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = False


class StaticPages(BilingualSitemap):
    priority = 0.8

    def items(self):
        return [
            "home",
            "practices:practice_list",
            "pilots:pilot_list",
            "pilots:transfers",
            "municipality_list",
            "partners:partner_list",
            "documents:document_list",
            "about",
            "opendata:codebook",
        ]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(BilingualSitemap):
    priority = 0.9

    def items(self):
        return BestPractice.objects.published().order_by("number")

    def lastmod(self, obj):
        return obj.updated


class PilotSitemap(BilingualSitemap):
    def items(self):
        return Pilot.objects.published().order_by("slug")

    def lastmod(self, obj):
        return obj.updated


class MunicipalitySitemap(BilingualSitemap):
    def items(self):
        return Municipality.objects.published().order_by("slug")

    def lastmod(self, obj):
        return obj.updated


class PartnerSitemap(BilingualSitemap):
    priority = 0.4

    def items(self):
        return Partner.objects.published().order_by("slug")


class ThemeSitemap(BilingualSitemap):
    def items(self):
        return Theme.objects.order_by("number")


class CountrySitemap(BilingualSitemap):
    def items(self):
        return Country.objects.order_by("code")


SITEMAPS = {
    "pages": StaticPages,
    "practices": PracticeSitemap,
    "pilots": PilotSitemap,
    "municipalities": MunicipalitySitemap,
    "partners": PartnerSitemap,
    "themes": ThemeSitemap,
    "countries": CountrySitemap,
}
