"""Image uploads that cannot take the server down.

A PNG of 12000 x 12000 mostly-zero pixels is a few kilobytes on the wire and over a
gigabyte once decoded. Pillow's own guard (Image.MAX_IMAGE_PIXELS) only warns below twice
its limit, so `configure_pillow` lowers the limit to settings.IMAGE_MAX_PIXELS and turns the
warning into an error, and `check_image_dimensions` reads the width and height from the
file header (Image.open does not decode pixels) before anything decodes the image.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

TOO_MANY_PIXELS = _(
    "Gambar ini terlalu banyak pikselnya. Paling besar %(max)s megapiksel "
    "(misalnya 7000 × 5700); kecilkan foto lalu unggah lagi."
)
NOT_AN_IMAGE = _("Berkas ini bukan gambar. Unggah foto JPG, PNG atau WebP.")


def max_pixels():
    return int(getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000))


def configure_pillow():
    """Called once at start-up (tuban_ikm.apps): Pillow refuses decompression bombs."""
    Image.MAX_IMAGE_PIXELS = max_pixels()
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def check_image_dimensions(upload):
    """Refuse an upload whose header declares more than IMAGE_MAX_PIXELS, without decoding it."""
    if not upload or not hasattr(upload, "seek"):
        return upload
    limit = max_pixels()
    too_large = ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"max": f"{limit / 1_000_000:g}".replace(".", ",")}
    )
    position = upload.tell()
    upload.seek(0)
    try:
        # Reads the header only; the pixels are decoded later, by whoever needs them.
        with Image.open(upload) as image:
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except (OSError, ValueError, SyntaxError):
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        upload.seek(position)
    if width * height > limit:
        raise too_large
    return upload


class SafeImageField(forms.ImageField):
    """forms.ImageField that checks the declared pixel count before Django's Pillow check."""

    def to_python(self, data):
        if data not in self.empty_values:
            check_image_dimensions(data)
        return super().to_python(data)
