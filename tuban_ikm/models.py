from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Created and updated times on every registry record (the "last updated" checks need them)."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        abstract = True


# Models that Dinas may import and export get two permissions beyond Django's four, so that
# django-import-export can require them (IMPORT_EXPORT_*_PERMISSION_CODE in settings).
DATA_PERMISSIONS = ("add", "change", "delete", "view", "import", "export")


class OutboundEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class OutboundEmail(models.Model):
    """One email waiting in the outbox (tuban_ikm.outbox). Actions only queue mail, in their
    own transaction; a mail server that is down or slow never fails the action, and the email
    is retried with doubling waits by `manage.py send_outbox` (also run by send_announcements)."""

    class Status(models.TextChoices):
        PENDING = "menunggu", _("Menunggu dikirim")
        SENT = "terkirim", _("Terkirim")
        FAILED = "gagal", _("Gagal")

    MAX_ATTEMPTS = 5
    BACKOFF = timedelta(minutes=5)  # doubled after each failed attempt, as for announcements

    kind = models.CharField(_("jenis"), max_length=40, blank=True)
    subject = models.CharField(_("subjek"), max_length=998)
    body = models.TextField(_("isi"))
    from_email = models.CharField(_("pengirim"), max_length=254, blank=True)
    to = models.JSONField(_("penerima"), default=list)
    reply_to = models.JSONField(_("balas ke"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("email keluar")
        verbose_name_plural = _("kotak keluar email")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
