"""Uploaded files: the private storage, content checks, and removing files with their rows.

Two storages hold uploads (settings.STORAGES):
- "default" (MEDIA_ROOT): public product photos only, served by catalogue.media_views.
- "private" (PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT): aid documents, receipts and
  monitoring photos. Nothing serves that folder; each file goes out through a view that
  checks who asks (aid.views.application_file), under a random name, as an attachment.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

# What an aid document may be, by content. The stored name keeps the matching extension so
# the download carries the right content type.
DOCUMENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
CONTENT_TYPES = {**DOCUMENT_TYPES, "webp": "image/webp"}
# Decoding is refused above this many pixels: a small PNG can unpack to gigabytes.
MAX_PIXELS = 60_000_000
IMAGE_FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}


def private_storage():
    """The storage for files that hold personal data (callable, so tests can swap it)."""
    return storages["private"]


@checks.register(checks.Tags.security)
def check_private_media_root(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT inside MEDIA_ROOT would put personal data under the public folder."""
    private, public = Path(settings.PRIVATE_MEDIA_ROOT).resolve(), Path(settings.MEDIA_ROOT).resolve()
    if private == public or public in private.parents or private in public.parents:
        return [
            checks.Error(
                "PRIVATE_MEDIA_ROOT and MEDIA_ROOT overlap.",
                hint="Put PRIVATE_MEDIA_ROOT outside MEDIA_ROOT (and MEDIA_ROOT outside it).",
                id="tuban_ikm.E001",
            )
        ]
    return []


class PrivateFileSystemStorage(FileSystemStorage):
    """FileSystemStorage without public URLs: a private file is reached only through a view."""

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the permission-checked view.")


class PrivateFieldFile(FieldFile):
    """`.url` points at the model's permission-checked view, never at a storage URL; the admin
    and any template that writes `{{ obj.file.url }}` therefore link to the checked view."""

    @property
    def url(self):
        self._require_file()
        return self.instance.private_file_url(self.field.name)


class PrivateImageFieldFile(ImageFieldFile):
    url = PrivateFieldFile.url


class PrivateFileField(models.FileField):
    attr_class = PrivateFieldFile


class PrivateImageField(models.ImageField):
    attr_class = PrivateImageFieldFile


def extension(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def random_name(folder, filename):
    """A name nobody can guess and that says nothing about the person: folder/<uuid>.<ext>."""
    ext = extension(filename)
    ext = ext if ext.isalnum() and len(ext) <= 5 else ""
    return f"{folder}/{uuid.uuid4().hex}" + (f".{ext}" if ext else "")


# --- Content checks --------------------------------------------------------------------------


def _is_new_upload(value):
    # A file already in storage was checked when it came in; re-checking it on every
    # full_clean would read it back from disk.
    return bool(value) and not getattr(value, "_committed", False)


def _read_head(value, size=1024):
    value.seek(0)
    head = value.read(size)
    value.seek(0)
    return head


def image_format(value):
    """The Pillow format name of a decodable image, or None (broken, truncated or not an image)."""
    try:
        value.seek(0)
        with Image.open(value) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.verify()
        value.seek(0)
        # verify() does not decode the pixels; load() does, and fails on truncated data.
        with Image.open(value) as image:
            found = image.format
            image.load()
        return found
    except Exception:  # Pillow raises many kinds for hostile input; all mean "not an image".
        return None
    finally:
        value.seek(0)


def validate_document_content(value):
    """A PDF, JPG or PNG by its content, matching its extension (an .pdf that is HTML or an
    .exe is refused; so is a .jpg that is really a PDF)."""
    if not _is_new_upload(value):
        return
    ext = extension(value.name)
    if ext not in DOCUMENT_TYPES:
        raise ValidationError(_("Jenis berkas tidak didukung. Unggah PDF, JPG atau PNG."), code="document_type")
    if ext == "pdf":
        ok = _read_head(value, 5) == b"%PDF-"
    else:
        ok = ext in IMAGE_FORMATS.get(image_format(value) or "", ())
    if not ok:
        raise ValidationError(
            _("Isi berkas ini bukan %(kind)s yang sah (nama berkasnya .%(ext)s). Unggah dokumen aslinya."),
            code="document_content",
            params={"kind": "PDF" if ext == "pdf" else ext.upper(), "ext": ext},
        )


def validate_photo_content(value):
    """A JPG, PNG or WebP photo that Pillow decodes, whatever its extension says."""
    if not _is_new_upload(value):
        return
    found = image_format(value)
    if found not in IMAGE_FORMATS or extension(value.name) not in IMAGE_FORMATS[found]:
        raise ValidationError(_("Berkas ini bukan foto JPG, PNG atau WebP yang sah."), code="photo_content")


# --- Files follow their rows -------------------------------------------------------------------


def delete_on_commit(storage, name, keep=None):
    """Remove a stored file once the surrounding transaction has committed (never on a
    rollback, which would leave a row pointing at nothing). `keep(name)`, checked at that
    moment, can spare a file another row still uses."""
    if not name:
        return

    def remove():
        if keep is not None and keep(name):
            return
        storage.delete(name)

    transaction.on_commit(remove)


class StoredFilesMixin(models.Model):
    """Model mixin: stored files go when the row goes or when a file is replaced.

    `stored_files` names the file fields; `original_names` maps a field to the CharField
    that keeps the uploader's file name (the stored name is random). Connect
    `track_stored_files(Model)` once for the delete signal.
    """

    stored_files = ()
    original_names = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for name, name_field in self.original_names.items():
            file = getattr(self, name)
            if file and not file._committed:
                setattr(self, name_field, os.path.basename(file.name)[:255])
        super().save(*args, **kwargs)
        loaded = getattr(self, "_loaded_files", {})
        for name, old in loaded.items():
            if old and old != (getattr(self, name).name or ""):
                storage = self._meta.get_field(name).storage
                delete_on_commit(storage, old, keep=lambda n, f=name: self.keep_stored_file(f, n))
        self._loaded_files = {name: getattr(self, name).name or "" for name in self.stored_files}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The names as loaded, to see on save whether a file was replaced (deferred fields
        # are left out rather than loaded).
        instance._loaded_files = {
            name: str(instance.__dict__[name] or "") for name in cls.stored_files if name in instance.__dict__
        }
        return instance

    def keep_stored_file(self, field_name, name):
        """Whether a file must stay although this row no longer uses it."""
        return False


def _delete_stored_files(sender, instance, **kwargs):
    for name in instance.stored_files:
        file = getattr(instance, name)
        if file:
            delete_on_commit(file.storage, file.name, keep=lambda n, f=name: instance.keep_stored_file(f, n))


def track_stored_files(*models_):
    """Connect the delete signal per model (a receiver for every sender would turn off
    Django's fast delete for all models)."""
    from django.db.models.signals import post_delete

    for model in models_:
        post_delete.connect(_delete_stored_files, sender=model, dispatch_uid=f"stored-files-{model._meta.label}")
