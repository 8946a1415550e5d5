"""Record addresses built once per language (delgosea.links) are the ones reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from delgosea.links import record_url, slug_urls

VIEWS = [
    ("practices:practice_detail", "slug", "wastewater-wetland"),
    ("practices:theme_detail", "slug", "public-services"),
    ("practices:country_detail", "code", "th"),
    ("pilots:pilot_detail", "slug", "pak-kret-e-government"),
    ("partners:partner_detail", "slug", "lga-thailand"),
]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(("viewname", "kwarg", "value"), VIEWS)
def test_record_url_is_what_reverse_gives_in_each_language(viewname, kwarg, value, language):
    with translation.override(language):
        assert record_url(viewname, value, kwarg=kwarg) == reverse(viewname, kwargs={kwarg: value})
        assert record_url(viewname, value, kwarg=kwarg).startswith(f"/{language}/")


def test_record_url_follows_the_script_prefix_of_a_site_served_under_a_path():
    try:
        set_script_prefix("/portal/")
        with translation.override("en"):
            assert record_url("pilots:pilot_detail", "solo-waste") == "/portal/en/pilots/solo-waste/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert record_url("pilots:pilot_detail", "solo-waste") == "/en/pilots/solo-waste/"


def test_slug_urls_gives_the_same_addresses():
    with translation.override("th"):
        assert slug_urls("practices:practice_detail")("market-reform") == reverse(
            "practices:practice_detail", kwargs={"slug": "market-reform"}
        )


def test_an_empty_slug_has_no_address_as_with_reverse():
    with translation.override("en"), pytest.raises(NoReverseMatch):
        record_url("practices:practice_detail", "")
