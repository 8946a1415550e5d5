"""Checking uploaded photos and logos, and the resized renditions the public pages show.

An upload is accepted only when Pillow decodes it as JPEG, PNG or WebP within the
size and pixel limits in settings. Accepted images are re-encoded, which drops
every piece of metadata (GPS location included), and stored under a random name.

Every width the pages show (RENDITION_WIDTHS) is made when the editor saves the image
(the admin calls build_renditions), from a copy decoded at reduced size where the format
allows (JPEG), so a page only computes the rendition's name and URL. Memory: an upload
costs one decoded copy of the image (at most IMAGE_MAX_PIXELS × 4 bytes) and its
renditions far less; `make image-memory` measures it.
"""

import contextlib
import io
import logging
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Pillow's format name -> the format we store and its extension. Phones save photos as MPO
# (a JPEG with extra preview frames); only the first frame, the photo itself, is kept.
ALLOWED_FORMATS = {"JPEG": ("JPEG", "jpg"), "MPO": ("JPEG", "jpg"), "PNG": ("PNG", "png"), "WEBP": ("WEBP", "webp")}
# Every width a template asks for with {% rendition %}; each is made when the image is saved.
RENDITION_WIDTHS = (480, 960)
# Pillow's own guard against decompression bombs, for every image the portal opens (stored ones included),
# refuses anything above twice this, 4 × the portal's limit (its default is 179 megapixels). An upload between
# the two is refused by _open_checked, from the header, with a message that says how large it is.
Image.MAX_IMAGE_PIXELS = 2 * settings.IMAGE_MAX_PIXELS

logger = logging.getLogger(__name__)


def _unreadable():
    return ValidationError(_("The file is not an image that can be read."), code="image_invalid")


def _open_checked(file, reduced=False):
    """Open an upload with Pillow and enforce every limit; raise ValidationError otherwise.

    Returns (stored format, extension, decoded image). The pixel limits are checked from the header,
    before any pixel is decoded, so a small file that declares a huge image never fills the memory.
    `reduced` decodes a JPEG at an eighth of its size: every byte is still read, but in 1/64 of the memory.
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
        if reduced:
            image.draft("RGB", (1, 1))  # JPEG only; other formats decode at full size
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
    # The admin has already decoded the upload in full (clean_upload); proving it readable needs less.
    _open_checked(field_file.file, reduced=True)


def clean_upload(upload):
    """Validate an upload and return a metadata-free copy under a random name (the field adds its folder)."""
    stored_format, extension, image = _open_checked(upload)
    # Turn the pixels as the camera meant; the orientation tag goes with the rest of the metadata.
    # Metadata that cannot be parsed says nothing about orientation: the pixels are kept as decoded.
    # In place, and conversions only when needed: each copy of a 40-megapixel photo costs 120 MB.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo= is passed, so Pillow writes pixels only. No optimize=True for JPEG:
    # it buffers every coefficient, doubling the upload's memory to save a few percent of a file no page shows.
    if stored_format == "JPEG":
        (image if image.mode == "RGB" else image.convert("RGB")).save(out, "JPEG", quality=88)
    elif stored_format == "PNG":
        image.save(out, "PNG")
    else:
        image.convert("RGBA" if image.has_transparency_data else "RGB").save(out, "WEBP", quality=88)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


def rendition_name(name, width):
    """Where the rendition of the stored image `name` at `width` pixels lives: computed, never looked up."""
    source = PurePosixPath(name)
    return f"renditions/{source.parent}/{source.stem}-{width}.webp"


def _known_key(name):
    return f"rendition:{name}"


def build_renditions(field_file, widths=RENDITION_WIDTHS):
    """Write the renditions of a stored image at `widths`, replacing any already there; return their names.

    The largest is made first from the image decoded at reduced size (thumbnail() asks Pillow for a JPEG
    decoded at 1/2, 1/4 or 1/8 of its size, and shrinks other formats with reduce()), each smaller one from
    the one before. An image that cannot be read gets none, and its pages show the original.
    """
    written = []
    if not field_file or not widths:
        return written
    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            for width in sorted(widths, reverse=True):
                image.thumbnail((width, width * 4), reducing_gap=2.0)
                if image.mode not in ("RGB", "RGBA"):
                    image = image.convert("RGBA" if image.has_transparency_data else "RGB")
                out = io.BytesIO()
                image.save(out, "WEBP", quality=80)
                # Both storages are set to overwrite (settings.STORAGES), so the name is kept.
                written.append(
                    default_storage.save(rendition_name(field_file.name, width), ContentFile(out.getvalue()))
                )
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("No renditions for %s: it cannot be read as an image.", field_file.name, exc_info=True)
    cache.set_many({_known_key(name): True for name in written}, timeout=None)
    return written


def missing_renditions(field_file):
    """The widths whose rendition of `field_file` is not in the storage."""
    return [width for width in RENDITION_WIDTHS if not default_storage.exists(rendition_name(field_file.name, width))]


def rendition_url(field_file, width):
    """URL of the copy of the image at most `width` pixels wide, or of the original while that copy is missing.

    A rendition once found is remembered in the shared cache (its name never changes content: the original
    has a random name), so a page does not ask the storage, an HTTP request with an object store, per image.
    """
    if not field_file:
        return ""
    name = rendition_name(field_file.name, width)
    if not cache.get(_known_key(name)):
        if not default_storage.exists(name):
            return field_file.url
        cache.set(_known_key(name), True, timeout=None)
    return default_storage.url(name)
