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


class DinasContact(models.Model):
    """How to reach Dinas (one row, edited in the admin): shown in the public footer and on
    /kontak/, and appended to every email as a signature (tuban_ikm.outbox). A singleton:
    `DinasContact.current()` reads the row (or an unsaved empty one)."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("nama dinas"), max_length=200, default="Dinas Ketenagakerjaan dan Perindustrian Kabupaten Tuban"
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    whatsapp = models.CharField(
        _("nomor WhatsApp"), max_length=40, blank=True, help_text=_("Misalnya 0812 3456 7890 atau +62 812 3456 7890.")
    )
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(
        _("jam layanan"), max_length=200, blank=True, help_text=_("Misalnya Senin-Jumat 08.00-15.30 WIB.")
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("kontak Dinas")
        verbose_name_plural = _("kontak Dinas")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="dinas_contact_singleton")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls):
        """The saved contact details, or an empty unsaved row (one query)."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)

    @property
    def is_filled(self):
        return bool(self.address or self.phone or self.whatsapp or self.email or self.office_hours)

    @property
    def whatsapp_url(self):
        from .site import whatsapp_chat_url

        return whatsapp_chat_url(self.whatsapp) if self.whatsapp else ""

    def signature(self):
        """The lines appended to every email ("-- " then name, address, phone...)."""
        if not self.is_filled:
            return ""
        lines = [self.name]
        if self.address:
            lines.append(self.address)
        if self.phone:
            lines.append(_("Telepon: %(v)s") % {"v": self.phone})
        if self.whatsapp:
            lines.append(_("WhatsApp: %(v)s") % {"v": self.whatsapp})
        if self.email:
            lines.append(_("Email: %(v)s") % {"v": self.email})
        if self.office_hours:
            lines.append(_("Jam layanan: %(v)s") % {"v": self.office_hours})
        return "-- \n" + "\n".join(str(line) for line in lines)
