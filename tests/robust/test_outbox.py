"""Email never breaks an action: the outbox queues it with the action and retries it later."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataRequest
from tests.factories import UserFactory
from tuban_ikm.models import OutboundEmail
from tuban_ikm.outbox import email_queue, outbox_process

pytestmark = pytest.mark.django_db

REFUSING = "tests.robust.mail_backends.RefusingBackend"
UNREACHABLE = "tests.robust.mail_backends.UnreachableBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize("backend", [REFUSING, UNREACHABLE])
def test_a_data_request_with_the_mail_server_down_is_saved_once_and_its_email_sent_later(
    client, pelaku, dinas, settings, backend, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend
    client.force_login(pelaku)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:data_request"), {"kind": "hapus", "message": "Usaha sudah tutup."}, follow=True
        )
    assert response.status_code == 200
    assert "Permintaan Anda sudah kami terima" in response.content.decode()
    assert DataRequest.objects.count() == 1
    queued = OutboundEmail.objects.get()
    assert (queued.status, queued.attempts, queued.to) == ("menunggu", 1, [dinas.email])
    assert queued.last_error
    assert mail.outbox == []

    # Not due yet: the cron run a minute later leaves it alone.
    call_command("send_outbox")
    assert OutboundEmail.objects.get().attempts == 1

    settings.EMAIL_BACKEND = LOCMEM  # the mail server is back
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_outbox")
    queued.refresh_from_db()
    assert queued.status == "terkirim"
    assert [message.to for message in mail.outbox] == [[dinas.email]]
    assert "Usaha sudah tutup." in mail.outbox[0].body
    call_command("send_outbox")
    assert len(mail.outbox) == 1  # sent once


def test_a_password_reset_with_the_mail_server_down_answers_normally(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = UNREACHABLE
    UserFactory(email="lupa@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "lupa@example.id"})
    assert response.status_code == 302
    assert OutboundEmail.objects.get().to == ["lupa@example.id"]


def test_failures_wait_longer_each_time_and_stop_after_the_last_attempt(settings):
    settings.EMAIL_BACKEND = REFUSING
    [row] = email_queue(subject="Uji", body="Isi", to=["a@example.id"])
    now = timezone.now()
    waits = []
    for _attempt in range(OutboundEmail.MAX_ATTEMPTS):
        counts = outbox_process(now=now)
        row.refresh_from_db()
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert row.status == "gagal"
    assert counts == {"sent": 0, "retry": 0, "failed": 1}
    assert waits[:4] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]


def test_a_run_stops_early_when_the_mail_server_is_unreachable(settings):
    settings.EMAIL_BACKEND = UNREACHABLE
    for number in range(10):
        email_queue(subject=f"Uji {number}", body="Isi", to=["a@example.id"])
    assert outbox_process() == {"sent": 0, "retry": 3, "failed": 0}
    assert OutboundEmail.objects.filter(attempts=0).count() == 7


def test_the_announcement_cron_also_empties_the_outbox():
    email_queue(subject="Uji", body="Isi", to=["a@example.id", "b@example.id"], one_per_recipient=True)
    call_command("send_announcements")
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.id", "b@example.id"]


def test_an_email_queued_in_a_transaction_that_rolls_back_is_never_sent():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(subject="Uji", body="Isi", to=["a@example.id"])
        raise RuntimeError("the action failed")
    assert not OutboundEmail.objects.exists()
    outbox_process()
    assert mail.outbox == []


def test_the_attempt_after_the_action_stops_at_the_first_failure(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = UNREACHABLE
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            subject="Uji", body="Isi", to=["a@example.id", "b@example.id", "c@example.id"], one_per_recipient=True
        )
    assert sorted(OutboundEmail.objects.values_list("attempts", flat=True)) == [0, 0, 1]


def test_the_outbox_admin_is_for_superusers_and_never_shows_the_body(client, dinas):
    [row] = email_queue(subject="Atur ulang kata sandi", body="https://contoh/akun/sandi/atur/RAHASIA", to=["a@b.id"])
    address = reverse("admin:tuban_ikm_outboundemail_change", args=[row.pk])
    client.force_login(dinas)
    assert client.get(address).status_code in (302, 403)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.get(address)
    assert response.status_code == 200
    assert "Atur ulang kata sandi" in response.content.decode()
    assert "RAHASIA" not in response.content.decode()
