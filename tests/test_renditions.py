"""The resized copies of photos and logos: made when the editor saves, linked by the pages, rebuilt by a command."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from delgosea.images import RENDITION_WIDTHS, rendition_name
from partners.models import Partner
from practices.models import BestPractice
from tests import factories as f
from tests.admin_forms import admin_form_data
from tests.test_uploads import add_partner, add_practice, image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_width(name):
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        return image.format, image.size


def practice_with_stored_photo(content, name="practices/0123456789abcdef0123456789abcdef.jpg"):
    """A practice whose photo went into the storage without the admin, as a script or an old release put it."""
    practice = f.practice(photo_alt_th="ภาพ", photo_alt_en="A photo")
    practice.photo.save(name, ContentFile(content), save=True)
    return practice


def test_photo_saved_in_the_admin_has_every_width_the_page_shows(editor_client):
    response = add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(2000, 1250))))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    photo = BestPractice.objects.get(number=42).photo.name
    assert [stored_width(rendition_name(photo, width)) for width in RENDITION_WIDTHS] == [
        ("WEBP", (480, 300)),
        ("WEBP", (960, 600)),
    ]


def test_logo_saved_in_the_admin_has_its_renditions_and_keeps_transparency(editor_client):
    out = io.BytesIO()
    Image.new("RGBA", (1200, 600), (10, 20, 30, 0)).save(out, "PNG")
    response = add_partner(editor_client, upload("logo.png", out.getvalue(), "image/png"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    logo = Partner.objects.get(slug="ml").logo.name
    with default_storage.open(rendition_name(logo, 480), "rb") as handle, Image.open(handle) as image:
        assert image.size == (480, 240)
        assert image.mode == "RGBA"


def test_image_smaller_than_a_width_is_not_enlarged(editor_client):
    response = add_practice(editor_client, upload("small.jpg", image_bytes("JPEG", size=(640, 400))))
    assert response.status_code == 302
    photo = BestPractice.objects.get(number=42).photo.name
    assert stored_width(rendition_name(photo, 960)) == ("WEBP", (640, 400))
    assert stored_width(rendition_name(photo, 480)) == ("WEBP", (480, 300))


def test_practice_page_links_the_renditions_made_at_upload(editor_client, client):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(2000, 1250))))
    practice = BestPractice.objects.get(number=42)
    page = client.get(practice.get_absolute_url()).content.decode()
    for width in RENDITION_WIDTHS:
        assert default_storage.url(rendition_name(practice.photo.name, width)) in page


def test_photo_without_renditions_is_shown_as_the_original_until_they_are_built(client):
    practice = practice_with_stored_photo(image_bytes("JPEG", size=(1600, 1000)))
    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'src="{practice.photo.url}"' in page
    assert "renditions/" not in page

    call_command("build_renditions", stdout=io.StringIO())

    page = client.get(practice.get_absolute_url()).content.decode()
    assert f'src="{default_storage.url(rendition_name(practice.photo.name, 960))}"' in page


def test_build_renditions_recreates_only_the_missing_ones(editor_client):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(2000, 1250))))
    photo = BestPractice.objects.get(number=42).photo.name
    default_storage.delete(rendition_name(photo, 960))
    out = io.StringIO()
    call_command("build_renditions", stdout=out)
    assert out.getvalue().strip() == "1 renditions written for 1 images."
    assert stored_width(rendition_name(photo, 960)) == ("WEBP", (960, 600))


def test_build_renditions_all_rebuilds_every_one_in_place(editor_client):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(2000, 1250))))
    photo = BestPractice.objects.get(number=42).photo.name
    out = io.StringIO()
    call_command("build_renditions", "--all", stdout=out)
    assert out.getvalue().strip() == f"{len(RENDITION_WIDTHS)} renditions written for 1 images."
    # Rebuilt under the same names, not beside them.
    assert sorted(default_storage.listdir(f"renditions/{photo.rsplit('/', 1)[0]}")[1]) == sorted(
        rendition_name(photo, width).rsplit("/", 1)[1] for width in RENDITION_WIDTHS
    )


def test_stored_file_that_is_not_an_image_gets_no_renditions_and_the_page_shows_it(client):
    practice = practice_with_stored_photo(b"not an image at all")
    out = io.StringIO()
    call_command("build_renditions", stdout=out)
    assert out.getvalue().strip() == "0 renditions written for 1 images."
    assert client.get(practice.get_absolute_url()).status_code == 200


def test_photo_replaced_in_the_admin_gets_renditions_of_the_new_photo(editor_client):
    add_practice(editor_client, upload("tank.jpg", image_bytes("JPEG", size=(2000, 1250))))
    practice = BestPractice.objects.get(number=42)
    url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    data = admin_form_data(editor_client.get(url), photo=upload("tall.jpg", image_bytes("JPEG", size=(1000, 2000))))
    assert editor_client.post(url, data).status_code == 302
    practice.refresh_from_db()
    assert stored_width(rendition_name(practice.photo.name, 480)) == ("WEBP", (480, 960))
