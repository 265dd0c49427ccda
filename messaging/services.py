"""Writes of the two-way talk: open a thread, answer, reply, assign, close, reopen.

Each runs in one transaction and checks who may do it; a refused action raises
PermissionDenied (the views turn it into 403/404) or ValidationError (a message next to the
field). An answer from Dinas leaves the writer an on-site notice (their inbox) and, when
they have an email address, an email with an absolute link (tuban_ikm.outbox, SITE_URL).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Notification
from organizations.selectors import associations_run_by
from registry.access import owned_businesses
from tuban_ikm.outbox import email_queue
from tuban_ikm.site import absolute_url

from .models import ANSWER_PERMISSION, Message, Thread

MAX_BODY = 5000


def may_answer(user):
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(ANSWER_PERMISSION))


def _clean_body(body):
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise ValidationError({"body": _("Tulis isi pesan.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("Pesan terlalu panjang (paling banyak %(n)s karakter).") % {"n": MAX_BODY}})
    return body


def _touch(thread, *, awaiting_answer, now):
    thread.last_message_at = now
    thread.awaiting_answer = awaiting_answer
    thread.save(update_fields=["last_message_at", "awaiting_answer"])


@transaction.atomic
def thread_start(*, writer, kind, subject, body, business=None, association=None):
    """Open a thread for `writer` (an owner or an officer; staff answer, they do not ask).
    `business` must be one of the writer's, `association` one they run; both may be None."""
    if not writer.is_authenticated or writer.is_staff:
        raise PermissionDenied
    if business is not None and not owned_businesses(writer).filter(pk=business.pk).exists():
        raise ValidationError({"business": _("Pilih salah satu usaha Anda.")})
    if association is not None and not associations_run_by(writer).filter(pk=association.pk).exists():
        raise ValidationError({"association": _("Anda bukan pengurus asosiasi ini.")})
    if kind not in Thread.Kind.values:
        raise ValidationError({"kind": _("Pilih jenis pesan.")})
    subject = " ".join((subject or "").replace("\x00", "").split())
    if not subject:
        raise ValidationError({"subject": _("Tulis perihal pesan.")})
    body = _clean_body(body)
    kecamatan_id = None
    if business is not None:
        kecamatan_id = business.desa.kecamatan_id if business.desa_id else None
    elif association is not None:
        kecamatan_id = association.kecamatan_id
    thread = Thread(
        writer=writer,
        kind=kind,
        subject=subject[:200],
        business=business,
        association_name=association.name if association is not None else "",
        kecamatan_id=kecamatan_id,
    )
    thread.save()
    Message.objects.create(thread=thread, author=writer, body=body)
    return thread


@transaction.atomic
def thread_reply(*, thread, author, body):
    """Add a message. The writer replies in their own open thread; Dinas answers any thread
    (an answer to a closed thread reopens it) and the writer is told."""
    body = _clean_body(body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    now = timezone.now()
    if may_answer(author):
        message = Message.objects.create(thread=thread, author=author, body=body, from_dinas=True)
        if not thread.is_open:
            thread.status, thread.closed_at = Thread.Status.OPEN, None
            thread.save(update_fields=["status", "closed_at"])
        if thread.assigned_to_id is None:
            thread.assigned_to = author
            thread.save(update_fields=["assigned_to"])
        _touch(thread, awaiting_answer=False, now=now)
        _tell_writer(thread, body)
        return message
    if thread.writer_id != author.pk:
        raise PermissionDenied
    if not thread.is_open:
        raise ValidationError(
            {"body": _("Percakapan ini sudah ditutup. Kirim pesan baru bila masih ada yang perlu dibahas.")}
        )
    message = Message.objects.create(thread=thread, author=author, body=body)
    _touch(thread, awaiting_answer=True, now=now)
    return message


def _tell_writer(thread, body):
    writer = thread.writer
    text = _("Dinas menjawab pesan Anda “%(subject)s”.") % {"subject": thread.subject}
    url = thread.get_absolute_url()
    Notification.objects.create(recipient=writer, message=text, url=url)
    if writer.email and writer.is_active:
        lines = [
            text,
            body,
            _("Baca dan balas di Registri IKM Tuban: %(url)s") % {"url": absolute_url(url)},
        ]
        email_queue(
            subject=_("Jawaban Dinas: %(subject)s") % {"subject": thread.subject},
            body="\n\n".join(str(line) for line in lines),
            to=[writer.email],
            kind="thread_answer",
        )


def _staff_only(user):
    if not may_answer(user):
        raise PermissionDenied


@transaction.atomic
def thread_assign(*, thread, assignee, by):
    """Give the thread to a staff member who answers (or to nobody)."""
    _staff_only(by)
    if assignee is not None and not may_answer(assignee):
        raise ValidationError({"assigned_to": _("Pilih staf Dinas yang dapat menjawab pesan.")})
    Thread.objects.filter(pk=thread.pk).update(assigned_to=assignee)
    thread.assigned_to = assignee
    return thread


@transaction.atomic
def thread_close(*, thread, by):
    _staff_only(by)
    Thread.objects.filter(pk=thread.pk).update(
        status=Thread.Status.CLOSED, closed_at=timezone.now(), awaiting_answer=False
    )
    thread.refresh_from_db()
    return thread


@transaction.atomic
def thread_reopen(*, thread, by):
    _staff_only(by)
    Thread.objects.filter(pk=thread.pk).update(status=Thread.Status.OPEN, closed_at=None)
    thread.refresh_from_db()
    return thread
