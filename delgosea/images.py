"""Checking uploaded photos and logos, and the resized renditions the public pages show.

An upload is accepted only when Pillow decodes it as JPEG, PNG or WebP within the
size and pixel limits in settings. Accepted images are re-encoded, which drops
every piece of metadata (GPS location included), and stored under a random name.
"""

import contextlib
import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Pillow's format name -> the format we store and its extension. Phones save photos as MPO
# (a JPEG with extra preview frames); only the first frame, the photo itself, is kept.
ALLOWED_FORMATS = {"JPEG": ("JPEG", "jpg"), "MPO": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
RENDITION_WIDTHS = (480, 960)


def _unreadable():
    return ValidationError(_("The file is not an image that can be read."), code="image_invalid")


def _open_checked(file):
    """Open an upload with Pillow and enforce every limit; raise ValidationError otherwise.

    Returns (stored format, extension, decoded image). The pixel limits are checked from the header,
    before any pixel is decoded, so a small file that declares a huge image never fills the memory.
    """
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": f"{size / 1_048_576:.1f}", "limit": f"{settings.IMAGE_MAX_BYTES / 1_048_576:g}"},
            code="image_too_large",
        )
    file.seek(0)
    try:
        # Any exception from the decoder means a broken or hostile file, whatever its class.
        with Image.open(file) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(_("Only JPEG, PNG and WebP images are accepted."), code="image_type")
            if width * height > settings.IMAGE_MAX_PIXELS or max(width, height) > settings.IMAGE_MAX_SIDE:
                raise ValidationError(
                    _("The image is %(width)s × %(height)s pixels, larger than allowed."),
                    params={"width": width, "height": height},
                    code="image_too_many_pixels",
                )
            probe.verify()
        # verify() leaves the image unusable; open it again to decode the pixels.
        file.seek(0)
        image = Image.open(file)
        image.load()
    except ValidationError:
        raise
    except Exception:
        raise _unreadable() from None
    finally:
        file.seek(0)
    stored_format, extension = ALLOWED_FORMATS[image_format]
    return stored_format, extension, image


def validate_image(field_file):
    """Model-field validator: checks a newly assigned file, never re-reads one already stored."""
    if getattr(field_file, "_committed", True):
        return
    _open_checked(field_file.file)


def clean_upload(upload):
    """Validate an upload and return a metadata-free copy under a random name (the field adds its folder)."""
    stored_format, extension, image = _open_checked(upload)
    # Turn the pixels as the camera meant; the orientation tag goes with the rest of the metadata.
    # Metadata that cannot be parsed says nothing about orientation: the pixels are kept as decoded.
    with contextlib.suppress(Exception):
        image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo= is passed, so Pillow writes pixels only.
    if stored_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
    elif stored_format == "PNG":
        image.save(out, "PNG")
    else:
        image.convert("RGBA" if image.has_transparency_data else "RGB").save(out, "WEBP", quality=88)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def rendition_url(field_file, width):
    """URL of a copy of the image at most `width` pixels wide, made on first use."""
    if not field_file:
        return ""
    source = PurePosixPath(field_file.name)
    name = f"renditions/{source.parent}/{source.stem}-{width}.webp"
    if not default_storage.exists(name):
        try:
            with default_storage.open(field_file.name, "rb") as handle, Image.open(handle) as image:
                image = ImageOps.exif_transpose(image)
                image.thumbnail((width, width * 4))
                out = io.BytesIO()
                image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(out, "WEBP", quality=80)
            default_storage.save(name, ContentFile(out.getvalue()))
        except OSError:
            return field_file.url
    return default_storage.url(name)
