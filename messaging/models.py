"""Threads between owners or association officers and Dinas (issue 16, two-way talk).

A thread is one topic (a question, an aspiration, a problem report) opened by its writer,
about one of their businesses, their association or in general. Dinas answers in it, gives
it to a staff member and closes or reopens it. The writer sees only their own threads; staff
holding `messaging.answer_thread` see and answer all. Thread texts are personal-ish: the
writer's name is shown to staff only and nothing here reaches a public page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ANSWER_PERMISSION = "messaging.answer_thread"


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff who answer see every thread; anyone else only the threads they wrote."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff and user.has_perm(ANSWER_PERMISSION):
            return self
        return self.filter(writer=user)

    def open(self):
        return self.filter(status=Thread.Status.OPEN)


class Thread(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "pertanyaan", _("Pertanyaan")
        ASPIRATION = "aspirasi", _("Aspirasi")
        PROBLEM = "masalah", _("Laporan masalah")

    class Status(models.TextChoices):
        OPEN = "terbuka", _("Terbuka")
        CLOSED = "ditutup", _("Ditutup")

    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_threads", verbose_name=_("penulis")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("perihal"), max_length=200)
    # What the thread is about: one of the writer's businesses, the association they run, or
    # neither (a general question). Checked by the service, not by the database.
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="message_threads",
        verbose_name=_("usaha"),
    )
    # The association by name as it was when the thread was opened (no foreign key: the demo
    # reset and a removed sub-unit must not depend on the talk; the name is all staff read).
    association_name = models.CharField(_("asosiasi"), max_length=200, blank=True)
    # Where the topic comes from, for the dashboard's count per kecamatan: the business's
    # kecamatan, else the association's, else none. Set when the thread is opened.
    kecamatan = models.ForeignKey(
        "registry.Kecamatan", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kecamatan")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_threads",
        verbose_name=_("ditangani oleh"),
    )
    # True while the last word is the writer's: the staff queue shows these first.
    awaiting_answer = models.BooleanField(_("menunggu jawaban Dinas"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("pesan terakhir"), auto_now_add=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("percakapan")
        verbose_name_plural = pgettext_lazy("plural", "percakapan")
        permissions = [("answer_thread", _("Dapat menjawab dan menangani pesan"))]
        indexes = [
            models.Index(fields=["writer", "-last_message_at"], name="thread_writer_recent"),
            models.Index(fields=["status", "awaiting_answer", "last_message_at"], name="thread_staff_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ditutup", closed_at__isnull=False) | Q(status="terbuka", closed_at__isnull=True),
                name="thread_closed_has_time",
            ),
        ]

    def __str__(self):
        # No writer's name: the title of admin pages and of the staff queue's rows.
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self):
        return reverse("messaging:thread_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def get_staff_url(self):
        return reverse("messaging:staff_thread", kwargs={"pk": self.pk})


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("percakapan"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="thread_messages",
        verbose_name=_("penulis"),
    )
    from_dinas = models.BooleanField(_("dari Dinas"), default=False)
    body = models.TextField(_("isi pesan"), max_length=5000)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pesan")
        verbose_name_plural = pgettext_lazy("plural", "pesan")

    def __str__(self):
        return f"#{self.thread_id}: {self.body[:60]}"
