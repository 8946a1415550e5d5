"""Photos and logos uploaded through the real admin: only real, reasonably sized images, stored without metadata.

Every test image is made here with Pillow; no binary file is kept in the repository.
"""

import io
import os
import re
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from delgosea.images import RENDITION_WIDTHS, rendition_name
from partners.models import Partner
from practices.models import BestPractice
from tests import factories as f
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db

RANDOM_NAME = re.compile(r"^(practices|partners)/[0-9a-f]{32}\.(jpg|png|webp)$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root):
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def image_bytes(image_format="JPEG", size=(64, 48), **save_options):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, image_format, **save_options)
    return out.getvalue()


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (13.0, 45.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (100.0, 30.0, 6.25)
    data = image_bytes("JPEG", exif=exif)
    # The test is only meaningful if the location really is in the file we upload.
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def png_declaring(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb in disguise."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def bilevel_png(width, height):
    """A real, valid PNG with many pixels that compresses to almost nothing."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def noise_png(width, height):
    """A real PNG that cannot be compressed: width × height × 3 bytes."""
    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(out, "PNG", compress_level=0)
    return out.getvalue()


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_practice(editor_client, photo):
    theme, town = f.theme(), f.municipality()
    url = reverse("admin:practices_bestpractice_add")
    page = editor_client.get(url)
    data = admin_form_data(
        page,
        number="42",
        slug="rainwater",
        title_th="การเก็บน้ำฝน",
        title_en="Rainwater harvesting",
        theme=str(theme.pk),
        municipality=str(town.pk),
        summary_th="สรุป",
        summary_en="Summary",
        photo_alt_th="ภาพถังเก็บน้ำ",
        photo_alt_en="A rainwater tank",
        sources="https://example.org/rain",
        photo=photo,
    )
    return editor_client.post(url, data)


def add_partner(editor_client, logo):
    url = reverse("admin:partners_partner_add")
    page = editor_client.get(url)
    data = admin_form_data(
        page,
        name_th="สมาคมเทศบาล",
        name_en="Municipal League",
        acronym="ML",
        slug="ml",
        kind=Partner.Kind.ASSOCIATION,
        role_th="บทบาท",
        role_en="Role",
        logo=logo,
    )
    return editor_client.post(url, data)


def refusal(response, field):
    """The codes of the errors on `field`, after checking the page shows them to the editor."""
    assert response.status_code == 200, "the form was accepted"
    errors = response.context["adminform"].form.errors
    assert field in errors, errors
    page = response.content.decode()
    for message in errors[field]:
        assert str(message).replace("“", "&ldquo;").replace("”", "&rdquo;") in page or str(message) in page
    return {error.code for error in errors.as_data()[field]}


def test_text_file_named_jpg_is_refused_and_nothing_is_saved(editor_client, media_root):
    response = add_practice(editor_client, upload("photo.jpg", b"just some text, not a picture\n" * 20))
    assert refusal(response, "photo") == {"invalid_image"}
    assert not BestPractice.objects.exists()
    assert stored_files(media_root) == []


def test_file_over_the_size_limit_is_refused(editor_client, media_root, settings):
    content = noise_png(1500, 1500)
    assert len(content) > settings.IMAGE_MAX_BYTES
    response = add_practice(editor_client, upload("big.png", content, "image/png"))
    assert refusal(response, "photo") == {"image_too_large"}
    assert not BestPractice.objects.exists()
    assert stored_files(media_root) == []


def test_png_declaring_ten_billion_pixels_is_refused(editor_client, media_root):
    response = add_practice(editor_client, upload("bomb.png", png_declaring(100_000, 100_000), "image/png"))
    assert refusal(response, "photo") == {"invalid_image"}
    assert not BestPractice.objects.exists()
    assert stored_files(media_root) == []


def test_real_image_above_the_pixel_limit_is_refused_before_it_is_decoded(editor_client, media_root, settings):
    content = bilevel_png(9000, 9000)
    assert len(content) < settings.IMAGE_MAX_BYTES
    response = add_practice(editor_client, upload("huge.png", content, "image/png"))
    assert refusal(response, "photo") == {"image_too_many_pixels"}
    assert not BestPractice.objects.exists()
    assert stored_files(media_root) == []


def test_svg_is_refused(editor_client, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>'
    response = add_practice(editor_client, upload("logo.svg", svg, "image/svg+xml"))
    assert refusal(response, "photo") == {"invalid_image"}
    assert not BestPractice.objects.exists()
    assert stored_files(media_root) == []


def test_svg_renamed_png_is_refused(editor_client, media_root):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>'
    response = add_practice(editor_client, upload("logo.png", svg, "image/png"))
    assert refusal(response, "photo") == {"invalid_image"}
    assert stored_files(media_root) == []


def test_gif_is_refused_although_pillow_reads_it(editor_client, media_root):
    response = add_practice(editor_client, upload("anim.gif", image_bytes("GIF"), "image/gif"))
    assert refusal(response, "photo") == {"image_type"}
    assert stored_files(media_root) == []


def assert_clean_copy(field_file, original_name):
    assert RANDOM_NAME.match(field_file.name), field_file.name
    assert original_name.rsplit(".", 1)[0] not in field_file.name
    with field_file.open("rb") as handle:
        stored = handle.read()
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Exif" not in stored and b"PhoneMaker" not in stored
    return image


def test_photo_with_gps_location_is_accepted_and_stored_without_metadata(editor_client, media_root):
    response = add_practice(editor_client, upload("IMG_0042_home.jpg", jpeg_with_gps()))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    practice = BestPractice.objects.get(number=42)
    image = assert_clean_copy(practice.photo, "IMG_0042_home.jpg")
    assert image.format == "JPEG"
    assert image.size == (64, 48)
    renditions = [rendition_name(practice.photo.name, width) for width in RENDITION_WIDTHS]
    assert stored_files(media_root) == sorted([practice.photo.name, *renditions])


def png_with_broken_exif():
    """A valid PNG carrying an eXIf chunk that is not TIFF data: Pillow decodes the pixels but not the chunk."""
    png = image_bytes("PNG", size=(32, 32))
    payload = b"DDDDDDDD" + bytes(20)
    chunk = struct.pack(">I", len(payload)) + b"eXIf" + payload + struct.pack(">I", zlib.crc32(b"eXIf" + payload))
    end = png.rindex(b"IEND") - 4
    return png[:end] + chunk + png[end:]


def test_photo_with_unreadable_metadata_is_stored_clean_not_a_server_error(editor_client, media_root):
    response = add_practice(editor_client, upload("broken-exif.png", png_with_broken_exif(), "image/png"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    image = assert_clean_copy(BestPractice.objects.get(number=42).photo, "broken-exif.png")
    assert image.size == (32, 32)


def test_photo_replaced_through_the_change_form_keeps_pilots_and_drops_metadata(editor_client, media_root):
    pilot = f.pilot()
    practice = pilot.practice
    url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    page = editor_client.get(url)
    data = admin_form_data(
        page, photo=upload("site-visit.jpg", jpeg_with_gps()), photo_alt_th="การเยี่ยมชม", photo_alt_en="A site visit"
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert_clean_copy(practice.photo, "site-visit.jpg")
    assert list(practice.pilots.all()) == [pilot]


def test_refused_photo_on_the_change_form_leaves_the_record_unchanged(editor_client, media_root):
    practice = f.practice()
    url = reverse("admin:practices_bestpractice_change", args=[practice.pk])
    page = editor_client.get(url)
    data = admin_form_data(page, title_en="Changed title", photo=upload("fake.jpg", b"GIF89a not really"))
    response = editor_client.post(url, data)
    assert refusal(response, "photo") == {"invalid_image"}
    practice.refresh_from_db()
    assert practice.title_en != "Changed title"
    assert not practice.photo


def test_png_logo_with_text_metadata_is_stored_clean_under_a_random_name(editor_client, media_root):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "PhoneMaker secret author")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    content = image_bytes("PNG", pnginfo=info, exif=exif)
    response = add_partner(editor_client, upload("our-logo.png", content, "image/png"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    partner = Partner.objects.get(slug="ml")
    image = assert_clean_copy(partner.logo, "our-logo.png")
    assert image.format == "PNG"
    assert "Author" not in image.info


def test_text_file_named_png_is_refused_as_a_logo(editor_client, media_root):
    response = add_partner(editor_client, upload("logo.png", b"<?php echo 'hi'; ?>", "image/png"))
    assert refusal(response, "logo") == {"invalid_image"}
    assert not Partner.objects.exists()
    assert stored_files(media_root) == []


def test_webp_logo_is_accepted(editor_client, media_root):
    response = add_partner(editor_client, upload("logo.webp", image_bytes("WEBP"), "image/webp"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assert Partner.objects.get(slug="ml").logo.name.endswith(".webp")


def test_phone_photo_with_a_preview_frame_is_accepted_as_a_plain_jpeg(editor_client, media_root):
    """Phones save photos as MPO: a JPEG followed by extra frames, which Pillow reports as its own format."""
    out = io.BytesIO()
    photo, preview = Image.new("RGB", (64, 48), (10, 150, 90)), Image.new("RGB", (16, 12))
    photo.save(out, "MPO", save_all=True, append_images=[preview])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    response = add_practice(editor_client, upload("PXL_2024.jpg", out.getvalue()))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    image = assert_clean_copy(BestPractice.objects.get(number=42).photo, "PXL_2024.jpg")
    assert image.format == "JPEG"
    assert getattr(image, "n_frames", 1) == 1
