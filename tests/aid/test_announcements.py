"""Announcements reach the right segment, respect owners' choices, and the outbox retries."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aid import services
from aid.models import Announcement, AnnouncementPreference, Delivery
from registry.models import Business, Kecamatan
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.factories import BusinessFactory, MembershipFactory, ProductFactory, UserFactory, desa

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners(pelaku, other_pelaku, pengurus):
    """pelaku: batik in Kerek, member of pengurus's association; other_pelaku: food outside
    Kerek, no membership; a third owner: big firm, member of another association."""
    batik = pelaku.businesses.get()
    MembershipFactory(business=batik, association=pengurus.officer_roles.get().association)
    terasi = other_pelaku.businesses.get()
    ProductFactory(business=terasi, category="makanan_minuman")
    Business.objects.filter(pk=terasi.pk).update(kbli=None)
    big_owner = UserFactory(username="besar")
    big = BusinessFactory(owner=big_owner, name="Pabrik Besar", workers_male=50, investment=20_000_000_000)
    MembershipFactory(business=big)
    BusinessFactory(owner=None, name="Tanpa Akun")
    return {"batik": pelaku, "terasi": other_pelaku, "big": big_owner}


def recipients(sender, association=None, **fields):
    announcement = services.announcement_send(
        sender=sender, association=association, title="Info", body="Isi", **fields
    )
    return {d.user.username for d in announcement.deliveries.select_related("user")}


def test_segments(dinas, owners):
    kerek = Kecamatan.objects.get(code="35.23.08")
    programme = ProgrammeFactory()
    ApplicationFactory(programme=programme, business=owners["terasi"].businesses.get())
    assert recipients(dinas, segment="semua") == {"pelaku", "pelaku2", "besar"}
    assert recipients(dinas, segment="kecamatan", kecamatan=kerek) == {"pelaku", "besar"}
    assert desa("35.23.06.2008").kecamatan != kerek
    assert recipients(dinas, segment="komoditas", commodity="makanan_minuman") == {"pelaku2"}
    assert recipients(dinas, segment="komoditas", commodity="kain_batik") == {"pelaku", "besar"}
    assert recipients(dinas, segment="kelas", size_class="besar") == {"besar"}
    assert recipients(dinas, segment="anggota") == {"pelaku", "besar"}
    assert recipients(dinas, segment="pendaftar", programme=programme) == {"pelaku2"}


def test_officers_reach_only_their_own_members(pengurus, owners):
    association = pengurus.officer_roles.get().association
    assert recipients(pengurus, association=association, segment="semua") == {"pelaku"}
    assert recipients(pengurus, association=association, segment="anggota") == {"pelaku"}


def test_officer_sends_through_the_page_and_is_scoped(client, pengurus, owners):
    client.force_login(pengurus)
    response = client.post(
        reverse("aid:announcement_create"),
        {"title": "Rapat anggota", "body": "Sabtu pagi.", "kind": "umum", "segment": "semua"},
    )
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert announcement.association == pengurus.officer_roles.get().association
    assert announcement.recipient_count == 1
    # The page only queues: no email has been sent yet.
    assert mail.outbox == []


def test_owners_cannot_send_announcements(client, pelaku):
    client.force_login(pelaku)
    assert client.get(reverse("aid:announcement_create")).status_code == 403


def test_segment_needs_its_parameter(client, dinas):
    client.force_login(dinas)
    response = client.post(
        reverse("aid:announcement_create"), {"title": "x", "body": "y", "kind": "umum", "segment": "kecamatan"}
    )
    assert response.status_code == 200
    assert "Pilih sasaran untuk segmen ini." in response.content.decode()


def test_owners_choose_the_kinds_they_receive_and_email(client, dinas, owners):
    client.force_login(owners["batik"])
    client.post(reverse("aid:preferences"), {"kinds": ["pelatihan"], "by_email": ""})
    assert AnnouncementPreference.objects.get(user=owners["batik"]).kinds == ["pelatihan"]
    assert recipients(dinas, segment="semua", kind="alat") == {"pelaku2", "besar"}
    announcement = services.announcement_send(sender=dinas, title="Pelatihan", body="x", kind="pelatihan")
    delivery = announcement.deliveries.get(user=owners["batik"])
    assert delivery.status == Delivery.Status.NO_EMAIL  # shown on the page only


def test_announcements_show_on_the_owners_pages(client, dinas, owners):
    services.announcement_send(sender=dinas, title="Pameran Tuban Expo", body="Daftar di Dinas.", segment="semua")
    client.force_login(owners["batik"])
    business = owners["batik"].businesses.get()
    assert "Pameran Tuban Expo" in client.get(reverse("aid:owner_summary", args=[business.pk])).content.decode()
    assert "Pameran Tuban Expo" in client.get(reverse("aid:inbox")).content.decode()


def test_queue_sends_and_retries_with_backoff_then_gives_up(dinas, owners):
    announcement = services.announcement_send(sender=dinas, title="Info", body="Isi", segment="semua")
    assert announcement.deliveries.filter(status="menunggu").count() == 3
    now = timezone.now()
    calls = []

    def flaky(subject, body, sender, to, fail_silently):
        calls.append(to[0])
        if to[0].startswith("besar"):
            raise SMTPException("421 try again later")
        return 1

    assert services.deliveries_process(now=now, sender=flaky) == {"sent": 2, "retry": 1, "failed": 0}
    failing = Delivery.objects.get(user=owners["big"])
    assert failing.attempts == 1 and "421" in failing.last_error
    assert failing.next_attempt_at == now + timedelta(minutes=5)
    # Not due yet: nothing is sent again.
    assert services.deliveries_process(now=now + timedelta(minutes=1), sender=flaky)["retry"] == 0
    later = now
    for _attempt in range(2, Delivery.MAX_ATTEMPTS + 1):
        later = Delivery.objects.get(pk=failing.pk).next_attempt_at
        services.deliveries_process(now=later, sender=flaky)
    failing.refresh_from_db()
    assert failing.status == Delivery.Status.FAILED
    assert failing.attempts == Delivery.MAX_ATTEMPTS
    assert later - now == timedelta(minutes=5 + 10 + 20 + 40)  # the waits double
    assert calls.count("besar@example.id") == Delivery.MAX_ATTEMPTS
    # Staff put it back in the queue from the admin.
    assert services.delivery_retry(deliveries=Delivery.objects.all()) == 1


def test_command_sends_due_emails_and_is_safe_to_run_twice(dinas, owners):
    services.announcement_send(sender=dinas, title="Pelatihan kemasan", body="Isi", segment="semua")
    call_command("send_announcements")
    call_command("send_announcements")
    assert sorted(m.to[0] for m in mail.outbox) == ["besar@example.id", "pelaku2@example.id", "pelaku@example.id"]
    assert Delivery.objects.filter(status="terkirim").count() == 3


def test_failures_are_visible_to_staff_in_the_admin(admin_client, dinas, owners):
    announcement = services.announcement_send(sender=dinas, title="Info", body="Isi", segment="semua")
    announcement.deliveries.update(status="gagal", last_error="SMTPException: 550 mailbox unavailable")
    response = admin_client.get(reverse("admin:aid_delivery_changelist") + "?status__exact=gagal")
    assert "550 mailbox unavailable" in response.content.decode()


def test_staff_announcement_list_shows_failures(client, dinas, owners):
    announcement = services.announcement_send(sender=dinas, title="Info Gagal", body="Isi", segment="semua")
    announcement.deliveries.filter(user=owners["big"]).update(status="gagal")
    client.force_login(dinas)
    response = client.get(reverse("aid:announcement_list"))
    assert response.context["page"][0].failed == 1
