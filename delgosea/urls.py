"""URL wiring: public pages under /th/ and /en/, admin and machine files unprefixed."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

from opendata.api import api, not_found

from . import views
from .feeds import ChangesFeed
from .sitemaps import SITEMAPS

handler500 = views.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    # Any address under /api/ that no route of the API matches answers a JSON 404, as an unknown slug does, with or
    # without a trailing slash. The API's root is one: ninja's own root view (kept for reverse()) raises the HTML 404.
    path("api/v1/", not_found),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("countries/<slug:code>/", views.country_detail, name="country_detail"),
    path("feed/", ChangesFeed(), name="feed"),
    path("municipalities/", views.municipality_list, name="municipality_list"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path("search/", views.search, name="search"),
    path("", include("practices.urls")),
    path("", include("pilots.urls")),
    path("partners/", include("partners.urls")),
    path("documents/", include("documents.urls")),
    path("", include("opendata.urls")),
    prefix_default_language=True,
)

if settings.BENCH_ENDPOINT:
    urlpatterns += [path("bench/trivial/", views.trivial)]

if settings.DEBUG and settings.MEDIA_ORIGIN is None:
    # Uploads on this machine's disk, served by runserver; in production the proxy or the object store does it.
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
