"""One outbox for every email the registry sends.

An action queues its emails (`email_queue`) in its own transaction, so the email exists
exactly when the action does. After the commit one immediate attempt is made that never
raises; whatever fails stays queued and `outbox_process` (`manage.py send_outbox`, also run
by `send_announcements`) retries it with doubling waits, like announcement deliveries.
A mail server that is down or slow (EMAIL_TIMEOUT) therefore never fails a page, and a
retried request never makes a duplicate.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import DinasContact, OutboundEmail

logger = logging.getLogger(__name__)

# Sent emails hold addresses and names: kept this long for support questions, then deleted.
KEEP_SENT = timedelta(days=30)
GIVE_UP_AFTER = 3  # failures in a row before a run stops trying


def email_signature():
    """Dinas's contact details as an email signature ("" until set in the admin); one query."""
    return DinasContact.current().signature()


def with_signature(body, signature):
    return f"{body.rstrip()}\n\n{signature}" if signature else str(body)


def email_queue(*, subject, body, to, from_email=None, reply_to=(), kind="", one_per_recipient=False):
    """Queue an email (or, with `one_per_recipient`, one per address, so that nobody sees
    the others); tries to send it once the transaction commits. Returns the queued rows."""
    recipients = [address for address in to if address]
    groups = [[address] for address in recipients] if one_per_recipient else [recipients]
    emails = [
        {"subject": subject, "body": body, "to": group, "from_email": from_email, "reply_to": reply_to}
        for group in groups
        if group
    ]
    return email_queue_many(emails=emails, kind=kind)


def email_queue_many(*, emails, kind=""):
    """Queue several different emails in one insert (e.g. a reminder per member, each with its
    own text): `emails` holds dicts with subject, body, to and optionally from_email and
    reply_to. Like `email_queue`, tried once the transaction commits. Every body ends with
    Dinas's contact details (`email_signature`). Returns the rows."""
    signature = email_signature() if emails else ""
    rows = [
        OutboundEmail(
            kind=kind,
            subject=" ".join(str(email["subject"]).splitlines())[:998],
            body=with_signature(str(email["body"]), signature),
            from_email=email.get("from_email") or "",
            to=[address for address in email["to"] if address],
            reply_to=list(email.get("reply_to") or ()),
        )
        for email in emails
    ]
    rows = [row for row in rows if row.to]
    if not rows:
        return []
    rows = OutboundEmail.objects.bulk_create(rows, batch_size=500)
    ids = [row.pk for row in rows]
    if getattr(settings, "OUTBOX_SEND_AFTER_COMMIT", True):
        transaction.on_commit(lambda: outbox_send(ids=ids), robust=True)
    return rows


def outbox_send(*, ids):
    """The immediate attempt after the action committed: never raises."""
    try:
        # One failure is enough: the person is waiting for the page (EMAIL_TIMEOUT at most).
        return outbox_process(ids=ids, give_up_after=1)
    except Exception:  # e.g. the database went away just now: the cron run picks them up
        logger.exception("outbox: immediate attempt failed")
        return None


def _message(row):
    return EmailMessage(
        row.subject, row.body, row.from_email or settings.DEFAULT_FROM_EMAIL, row.to, reply_to=row.reply_to or None
    )


def outbox_process(*, now=None, limit=200, ids=None, give_up_after=GIVE_UP_AFTER):
    """Send the emails that are due (or the given ones). Safe to run from cron, also twice at
    once: each row is locked while it is sent and rows locked by another run are skipped
    (PostgreSQL). A failure is retried with doubling waits up to OutboundEmail.MAX_ATTEMPTS."""
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = OutboundEmail.objects.due(now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    if not pks:
        return counts
    connection = get_connection(fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", 10))
    failures_in_a_row = 0
    try:
        for pk in pks:
            if failures_in_a_row >= give_up_after:
                break  # the mail server is down: do not wait EMAIL_TIMEOUT for every email
            with transaction.atomic():
                locked = OutboundEmail.objects.select_for_update(skip_locked=True)
                row = locked.filter(pk=pk, status=OutboundEmail.Status.PENDING).first()
                if row is None:
                    continue
                row.attempts += 1
                try:
                    message = _message(row)
                    message.connection = connection
                    message.send()
                except Exception as error:  # any transport error: record it and retry later
                    logger.warning("outbox email %s (%s) failed: %s", pk, row.kind, error)
                    failures_in_a_row += 1
                    row.last_error = f"{type(error).__name__}: {error}"[:2000]
                    if row.attempts >= OutboundEmail.MAX_ATTEMPTS:
                        row.status = OutboundEmail.Status.FAILED
                        counts["failed"] += 1
                    else:
                        row.next_attempt_at = now + OutboundEmail.BACKOFF * (2 ** (row.attempts - 1))
                        counts["retry"] += 1
                else:
                    row.status = OutboundEmail.Status.SENT
                    row.sent_at = timezone.now()
                    row.last_error = ""
                    counts["sent"] += 1
                    failures_in_a_row = 0
                row.save()
    finally:
        try:
            connection.close()
        except Exception:  # closing a connection that never opened may fail as well
            pass
    if ids is None:
        OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, sent_at__lt=now - KEEP_SENT).delete()
    return counts
