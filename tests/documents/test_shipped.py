"""The shipped documents: the facts' own titles and links, loaded once, and the About page's related work."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from delgosea.loader import FIXTURE_DIR, load
from documents.models import Document

pytestmark = pytest.mark.django_db

FACTS = settings.BASE_DIR.parent / "shared" / "data" / "delgosea-facts.yaml"
SHIPPED = yaml.safe_load((FIXTURE_DIR / "documents.yaml").read_text(encoding="utf-8"))["documents"]


def _address(url):
    """A web address without its scheme, www. or eZ Publish's print and cms prefixes, as the facts vary them."""
    for prefix in ("https://", "http://", "www."):
        url = url.removeprefix(prefix)
    return url.replace("layout/set/print/", "").replace("/cms/", "/")


def test_every_shipped_document_is_loaded_once_and_loading_again_changes_nothing():
    load()
    assert Document.objects.count() == len(SHIPPED) == 24
    history = Document.history.count()
    assert load().total_created == 0
    assert (Document.objects.count(), Document.history.count()) == (24, history)


def test_every_shipped_link_is_a_source_the_facts_cite():
    if not Path(FACTS).exists():
        pytest.skip("The fact sheet is not beside the checkout.")
    cited = {_address(url) for url in Path(FACTS).read_text(encoding="utf-8").split() if url.startswith("http")}
    assert [item["slug"] for item in SHIPPED if _address(item["url"]) not in cited] == []


def test_shipped_documents_are_about_real_records_in_both_languages():
    load()
    for document in Document.objects.all():
        assert document.title_th and document.title_en and document.url and not document.file
    assert Document.objects.get(slug="pilot-cities-documentation-pakkret").pilots.get().slug == "pakkret"
    assert Document.objects.get(slug="delgosea-eu-practice-11").practices.get().number == 11
    assert set(
        Document.objects.get(slug="tei-and-mlt-step-towards-sustainability").partners.values_list("slug", flat=True)
    ) == {"tei", "mlt"}


def test_an_editors_change_to_a_shipped_document_survives_loading_again():
    load()
    Document.objects.filter(slug="midterm-conference-report").update(title_en="Edited by an editor")
    load()
    assert Document.objects.get(slug="midterm-conference-report").title_en == "Edited by an editor"


@pytest.mark.parametrize(
    "lang, words",
    [
        (
            "en",
            ["Related work", "Department of Local Administration", "JICA", "Goal 11", "24–25 March 2009", "ThaiHealth"],
        ),
        ("th", ["งานที่เกี่ยวข้อง", "กรมส่งเสริมการปกครองท้องถิ่น", "JICA", "ข้อที่ 11", "24–25 มีนาคม 2552", "สสส."]),
    ],
)
def test_the_about_page_presents_both_related_initiatives(client, lang, words):
    html = client.get(f"/{lang}/about/").content.decode()
    section = html[html.index('id="related-work"') :]
    assert [word for word in words if word not in section] == []
