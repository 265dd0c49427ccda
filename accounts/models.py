"""User accounts: owners sign up with an email or a phone number and log in with either;
invitations to claim a business; owners' requests about their personal data."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    # Stored as +62..., unique when present: many owners have a phone but no email.
    phone = models.CharField(_("nomor HP"), max_length=20, null=True, blank=True, unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = pgettext_lazy("plural", "pengguna")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="user_email_unique_when_present"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


def invitation_days():
    """How long a claim link works (setting INVITATION_DAYS, read when a link is made)."""
    return getattr(settings, "INVITATION_DAYS", 14)


def invitation_default_expiry():
    return timezone.now() + timedelta(days=invitation_days())


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link with which an owner claims a business that Dinas or the association
    entered before the owner had an account. Only the token's SHA-256 is stored: whoever
    reads the database cannot rebuild a working link."""

    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("usaha")
    )
    token_hash = models.CharField(_("sidik token (SHA-256)"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), default=invitation_default_expiry)
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dipakai oleh"),
    )
    # Dinas may undo a claim (a link that reached the wrong person): the business goes back
    # to unclaimed and the row keeps who claimed it and who undid it.
    undone_at = models.DateTimeField(_("klaim dibatalkan pada"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("klaim dibatalkan oleh"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("undangan klaim usaha")
        verbose_name_plural = pgettext_lazy("plural", "undangan klaim usaha")
        constraints = [
            # used_by may become NULL later (account deleted) but never without used_at.
            models.CheckConstraint(
                condition=Q(used_by__isnull=True) | Q(used_at__isnull=False), name="invitation_used_by_has_used_at"
            ),
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True) | Q(used_at__isnull=False), name="invitation_undone_only_if_used"
            ),
        ]

    def __str__(self):
        return _("Undangan untuk %(business)s") % {"business": self.business}

    @staticmethod
    def hash_token(raw_token):
        return hashlib.sha256(raw_token.encode()).hexdigest()

    @property
    def is_used(self):
        return self.used_at is not None

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_undone(self):
        return self.undone_at is not None

    @property
    def is_usable(self):
        return not self.is_used and not self.is_expired


class DataRequest(models.Model):
    """An owner's request to delete or correct personal data (UU 27/2022), handled by Dinas."""

    class Kind(models.TextChoices):
        DELETION = "hapus", _("Penghapusan data")
        CORRECTION = "koreksi", _("Perbaikan data")

    class Status(models.TextChoices):
        NEW = "baru", _("Baru")
        IN_PROGRESS = "diproses", _("Sedang diproses")
        DONE = "selesai", _("Selesai")

    # SET_NULL: a handled deletion request stays as the record that it was handled.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="data_requests",
        verbose_name=_("pengguna"),
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_requests",
        verbose_name=_("usaha"),
        help_text=_("Kosongkan bila permintaan menyangkut akun Anda atau semua data Anda."),
    )
    kind = models.CharField(_("jenis permintaan"), max_length=10, choices=Kind.choices)
    message = models.TextField(
        _("pesan"), help_text=_("Tuliskan data mana yang perlu dihapus atau diperbaiki, dan alasannya.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    handled_at = models.DateTimeField(_("ditangani pada"), null=True, blank=True)
    response = models.TextField(_("tanggapan Dinas"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = pgettext_lazy("plural", "permintaan data pribadi")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        when = f" ({timezone.localtime(self.created_at):%d-%m-%Y})" if self.created_at else ""
        return f"{self.get_kind_display()}: {self.user or '-'}{when}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An on-site notice to one user (e.g. "Profil Anda sudah diverifikasi"), shown on their
    business list until read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    message = models.TextField(_("pesan"))
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = pgettext_lazy("plural", "pemberitahuan")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_unread")]

    def __str__(self):
        return f"{self.recipient}: {self.message[:60]}"
