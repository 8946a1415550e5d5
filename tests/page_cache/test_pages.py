"""The page cache (delgosea/cache.py): fast for anonymous visitors, never stale after an edit."""

import gzip
from decimal import Decimal

import pytest
from django.http import HttpResponse
from django.urls import path, reverse

from delgosea.cache import HIT_HEADER, READ_PARAMETERS, code_version
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


def test_a_page_seen_before_is_served_from_the_cache_without_any_query(visitor, practice, django_assert_num_queries):
    first = visitor.get("/en/practices/eco-savers/")
    assert first[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        again = visitor.get("/en/practices/eco-savers/")
    assert again[HIT_HEADER] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_pages_are_gzipped_for_browsers_that_accept_it_and_each_gets_its_own_cached_copy(visitor, practice):
    url = "/en/practices/eco-savers/"
    plain = visitor.get(url)
    zipped = visitor.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert zipped[HIT_HEADER] == "miss"  # not the plain copy stored a moment ago
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 2
    zipped_again = visitor.get(url, headers={"accept-encoding": "gzip"})
    plain_again = visitor.get(url)
    assert zipped_again[HIT_HEADER] == plain_again[HIT_HEADER] == "hit"
    assert zipped_again["Content-Encoding"] == "gzip"
    assert not plain_again.has_header("Content-Encoding") and plain_again.content == plain.content


def test_an_admin_edit_shows_on_the_very_next_anonymous_request(
    visitor, editor_client, practice, django_capture_on_commit_callbacks
):
    pages = ["/en/practices/eco-savers/", "/en/practices/", "/en/"]
    for url in pages:
        visitor.get(url)
    assert visitor.get(pages[0])[HIT_HEADER] == "hit"
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    form = editor_client.get(change_url)
    with django_capture_on_commit_callbacks(execute=True):
        saved = editor_client.post(change_url, admin_form_data(form, title_en="Eco Savers, revised"))
    assert saved.status_code == 302
    for url in pages[:2]:
        assert "Eco Savers, revised" in visitor.get(url).content.decode(), url


def test_the_framed_map_is_cached_and_shows_an_admin_edit_on_the_very_next_request(
    visitor, editor_client, django_capture_on_commit_callbacks
):
    town = f.municipality("marikina", latitude=Decimal("14.65"), longitude=Decimal("121.10"), name_en="Marikina")
    practice = f.practice(12, slug="eco-savers", title_en="Eco Savers", municipality=town)
    visitor.get("/en/transfers/map.svg")
    cached = visitor.get("/en/transfers/map.svg")
    assert cached[HIT_HEADER] == "hit" and cached["X-Frame-Options"] == "SAMEORIGIN"
    assert "Best practice 12: Eco Savers" in cached.content.decode()
    change_url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    form = editor_client.get(change_url)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url, admin_form_data(form, title_en="Eco Savers, revised"))
    fresh = visitor.get("/en/transfers/map.svg")
    assert fresh[HIT_HEADER] == "miss"
    assert "Best practice 12: Eco Savers, revised" in fresh.content.decode()


def test_a_record_deleted_in_the_admin_disappears_at_once(visitor, admin_client, practice):
    pilot = f.pilot("kupang", practice=practice)
    assert "/en/pilots/kupang/" in visitor.get("/en/practices/eco-savers/").content.decode()
    delete_url = reverse("admin:pilots_pilot_delete", args=[pilot.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert "/en/pilots/kupang/" not in visitor.get("/en/practices/eco-savers/").content.decode()
    assert visitor.get("/en/pilots/kupang/").status_code == 404


def test_a_changed_many_to_many_link_invalidates_the_pages(visitor, practice):
    pilot = f.pilot("kupang", practice=f.practice(title_en="Other practice"))
    assert "Eco Savers" not in visitor.get("/en/pilots/kupang/").content.decode()
    pilot.also_drew_on.add(practice)
    assert "Eco Savers" in visitor.get("/en/pilots/kupang/").content.decode()


def test_a_page_stored_between_an_edit_and_its_commit_is_not_served_after_the_commit(
    visitor, practice, django_capture_on_commit_callbacks
):
    """Another worker may render the page from the data as it was before the commit."""
    with django_capture_on_commit_callbacks() as callbacks:
        practice.save()
    visitor.get("/en/practices/eco-savers/")
    assert visitor.get("/en/practices/eco-savers/")[HIT_HEADER] == "hit"
    assert callbacks
    for callback in callbacks:
        callback()
    assert visitor.get("/en/practices/eco-savers/")[HIT_HEADER] == "miss"


def test_staff_pages_are_neither_served_from_nor_stored_in_the_cache(visitor, editor_client, practice):
    visitor.get("/en/practices/eco-savers/")
    staff_view = editor_client.get("/en/practices/eco-savers/")
    assert HIT_HEADER not in staff_view
    practice.published = False
    practice.save()
    assert "Draft: only staff can see this page." in editor_client.get("/en/practices/eco-savers/").content.decode()
    assert visitor.get("/en/practices/eco-savers/").status_code == 404


def test_each_query_string_and_language_is_cached_on_its_own(visitor, practice):
    f.practice(title_en="Participation practice", theme=f.theme(1))
    one = visitor.get("/en/practices/?theme=1")
    three = visitor.get("/en/practices/?theme=3")
    assert three[HIT_HEADER] == "miss"
    assert [p.title for p in one.context["page"]] == ["Participation practice"]
    assert [p.title for p in three.context["page"]] == ["Eco Savers"]
    thai = visitor.get("/th/practices/?theme=1")
    assert thai[HIT_HEADER] == "miss"
    assert '<html lang="th">' in thai.content.decode()
    assert visitor.get("/en/practices/?theme=1")[HIT_HEADER] == "hit"


def test_error_pages_are_not_cached(visitor, django_assert_num_queries):
    for _attempt in range(2):
        response = visitor.get("/en/practices/no-such-practice/")
        assert response.status_code == 404
        assert HIT_HEADER not in response


def flavour(request):
    response = HttpResponse("hello")
    response.set_cookie("flavour", "chocolate")
    return response


urlpatterns = [path("flavour/", flavour)]


@pytest.mark.urls(__name__)
def test_a_response_that_sets_a_cookie_is_not_stored(visitor):
    for _attempt in range(2):
        response = visitor.get("/flavour/")
        assert response.cookies["flavour"].value == "chocolate"
        assert HIT_HEADER not in response


def test_a_deploy_with_changed_templates_does_not_serve_the_previous_pages(settings, tmp_path):
    template = tmp_path / "page.html"
    template.write_text("one")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    code_version.cache_clear()
    try:
        before = code_version()
        template.write_text("two, longer")
        code_version.cache_clear()
        assert code_version() != before
    finally:
        code_version.cache_clear()


@pytest.fixture
def cache_down(settings):
    """The shared cache configured but unreachable: Redis on a port nothing listens on."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    return settings


def test_pages_are_served_without_the_cache_when_it_is_down(visitor, practice, cache_down, caplog):
    for _ in range(2):
        response = visitor.get("/en/practices/eco-savers/")
        assert response.status_code == 200
        assert "Eco Savers" in response.content.decode()
        assert HIT_HEADER not in response
    assert "The page cache cannot be read" in caplog.text


def test_an_edit_is_saved_when_the_cache_is_down(practice, cache_down, caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        practice.title_en = "Eco Savers, saved anyway"
        practice.save()
    practice.refresh_from_db()
    assert practice.title_en == "Eco Savers, saved anyway"
    assert "could not be invalidated" in caplog.text


def test_every_parameter_the_pages_and_the_api_read_keeps_its_own_cache_entry():
    from opendata.schemas import LanguageQuery, Paging, PilotQuery, PracticeQuery
    from pilots.filters import PilotFilter, TransferFilter
    from practices.filters import PracticeFilter

    read = {"page", "p"}  # delgosea.pagination; the compare page and the sitemap
    for filterset in (PracticeFilter, PilotFilter, TransferFilter):
        read |= set(filterset.base_filters)
    for schema in (LanguageQuery, Paging, PilotQuery, PracticeQuery):
        read |= set(schema.model_fields)
    assert read <= READ_PARAMETERS, read - READ_PARAMETERS
