"""The Atom feed of new and changed records, per language, announced in every page's head."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from delgosea.feeds import ENTRIES
from delgosea.loader import load
from practices.models import BestPractice

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return feed, [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def test_each_language_has_its_feed_newest_first(client):
    load()
    feed, thai = entries(client, "/th/feed/")
    _feed, english = entries(client, "/en/feed/")

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "th"
    assert len(thai) == len(english) == ENTRIES
    assert [entry["updated"] for entry in thai] == sorted((entry["updated"] for entry in thai), reverse=True)
    # The portal's own pages in the feed's language; a document published elsewhere links to its publisher.
    own = [entry["link"] for entry in thai if entry["link"].startswith("http://testserver/")]
    assert own and all(link.startswith("http://testserver/th/") for link in own)
    own = [entry["link"] for entry in english if entry["link"].startswith("http://testserver/")]
    assert own and all(link.startswith("http://testserver/en/") for link in own)


def test_an_edited_record_comes_first_as_changed_and_an_unpublished_one_never_appears(client):
    load()
    wetland = BestPractice.objects.get(slug="constructed-wetland")
    BestPractice.objects.filter(pk=wetland.pk).update(created=timezone.now() - timedelta(days=3))
    wetland.refresh_from_db()
    wetland.title_en = "Constructed Wetland Wastewater Treatment in Udon Thani"
    wetland.save()
    BestPractice.objects.filter(slug="eco-savers").update(published=False, updated=timezone.now() + timedelta(hours=1))

    _feed, english = entries(client, "/en/feed/")

    assert english[0]["title"] == "Best practice: 10. Constructed Wetland Wastewater Treatment in Udon Thani"
    assert english[0]["link"] == "http://testserver/en/practices/constructed-wetland/"
    assert english[0]["summary"] == "Changed since it was added."
    assert english[1]["summary"] == "Added to the portal."
    assert not any("eco-savers" in entry["link"] for entry in english)


def test_every_page_announces_the_feed_of_its_language(client):
    load()
    for path, feed in [("/th/", "/th/feed/"), ("/en/practices/", "/en/feed/"), ("/en/pilots/pakkret/", "/en/feed/")]:
        html = client.get(path).content.decode()
        assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html, path


def test_the_feed_reads_a_few_queries(client, django_assert_max_num_queries):
    load()
    with django_assert_max_num_queries(10):
        client.get("/th/feed/")


def test_the_feed_is_sent_in_one_piece(client):
    """Django's feed generator writes hundreds of small pieces; served as they are, each is a separate send."""
    load()
    response = client.get("/th/feed/")
    assert len(list(response)) == 1
