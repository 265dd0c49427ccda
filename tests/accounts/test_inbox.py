"""The inbox (/akun/pemberitahuan/): every notice, read and unread, WhatsApp share links,
and the unread count in the navigation."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from accounts.models import Notification

pytestmark = pytest.mark.django_db

INBOX = reverse("accounts:inbox")


def notice(user, message="Profil Batik dikembalikan", url="/usaha/"):
    return Notification.objects.create(recipient=user, message=message, url=url)


def test_the_inbox_lists_notices_and_marks_unread_ones(client, pelaku):
    read = notice(pelaku, "Pesan lama")
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")
    unread = notice(pelaku, "Pesan baru")
    client.force_login(pelaku)
    html = client.get(INBOX).text
    assert "Pesan lama" in html and "Pesan baru" in html
    assert f'data-notice="{unread.pk}" data-unread' in html
    assert f'data-notice="{read.pk}" data-unread' not in html


def test_the_navbar_shows_the_unread_count_on_every_page(client, pelaku):
    notice(pelaku)
    notice(pelaku)
    client.force_login(pelaku)
    assert "data-unread-count>2<" in client.get(reverse("messaging:thread_list")).text


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, pelaku):
    item = notice(pelaku, url="/pesan/")
    client.force_login(pelaku)
    response = client.get(reverse("accounts:inbox_open", args=[item.pk]))
    assert response.status_code == 302 and response.url == "/pesan/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert "data-unread-count" not in client.get(INBOX).text


def test_a_notice_never_redirects_off_the_site(client, pelaku):
    item = notice(pelaku, url="https://evil.example/")
    client.force_login(pelaku)
    response = client.get(reverse("accounts:inbox_open", args=[item.pk]))
    assert response.url.startswith(INBOX)


def test_mark_all_read(client, pelaku, other_pelaku):
    notice(pelaku)
    notice(pelaku)
    theirs = notice(other_pelaku)
    client.force_login(pelaku)
    client.post(reverse("accounts:inbox_mark_all_read"))
    assert not Notification.objects.filter(recipient=pelaku).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None  # another owner's notices are untouched


def test_another_users_notice_is_a_404_and_stays_unread(client, pelaku, other_pelaku):
    theirs = notice(other_pelaku, "Rahasia orang lain")
    client.force_login(pelaku)
    assert client.get(reverse("accounts:inbox_open", args=[theirs.pk])).status_code == 404
    assert "Rahasia orang lain" not in client.get(INBOX).text
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_visitors_are_sent_to_the_login_page(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_each_notice_has_a_whatsapp_link_with_its_text_and_an_absolute_link(client, pelaku):
    notice(pelaku, "Dinas menjawab pesan Anda", url="/pesan/3/")
    client.force_login(pelaku)
    html = client.get(INBOX).text
    start = html.index('href="https://wa.me/?text=') + len('href="')
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    text = parse_qs(urlsplit(link).query)["text"][0]
    assert text == "Dinas menjawab pesan Anda\nhttp://testserver/pesan/3/"


def test_the_inbox_is_paginated(client, pelaku):
    Notification.objects.bulk_create(
        [Notification(recipient=pelaku, message=f"Pesan nomor {i:02d}") for i in range(25)]
    )
    client.force_login(pelaku)
    first = client.get(INBOX).text
    assert "Pesan nomor 24" in first and "Pesan nomor 00" not in first
    assert "Pesan nomor 00" in client.get(INBOX, {"page": 2}).text


@pytest.mark.parametrize("count", [3, 40])
def test_the_inbox_needs_the_same_queries_for_3_or_40_notices(client, pelaku, count, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        [Notification(recipient=pelaku, message=f"n{i}", url="/usaha/") for i in range(count)]
    )
    client.force_login(pelaku)
    # session, user, page count, page rows, unread count, footer contact
    with django_assert_max_num_queries(6):
        assert client.get(INBOX).status_code == 200


def test_an_announcement_reaches_the_inbox_of_every_owner_it_is_sent_to(pelaku, dinas):
    from aid.models import Announcement
    from aid.services import announcement_send

    announcement_send(
        sender=dinas,
        title="Pelatihan pengemasan",
        body="Daftar sebelum Jumat.",
        segment=Announcement.Segment.ALL,
        kind=Announcement.Kind.TRAINING,
    )
    [item] = Notification.objects.filter(recipient=pelaku)
    assert "Pelatihan pengemasan" in item.message and item.url == reverse("aid:inbox")


def test_an_announcement_email_carries_an_absolute_link_and_the_contact_details(pelaku, dinas):
    from aid.models import Announcement
    from aid.services import announcement_send, deliveries_process
    from tuban_ikm.models import DinasContact

    DinasContact.objects.create(phone="(0356) 321 000")
    announcement_send(sender=dinas, title="Bazar", body="Ikuti bazar.", segment=Announcement.Segment.ALL, kind="umum")
    sent = []
    deliveries_process(sender=lambda subject, body, sender, to, fail_silently: sent.append(body))
    [body] = sent
    assert f"http://testserver{reverse('aid:inbox')}" in body
    assert body.rstrip().endswith("Telepon: (0356) 321 000")
