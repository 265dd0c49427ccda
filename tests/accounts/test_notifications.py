"""The owner hears about verification: an on-site notice on their business list and an
email (when they have one), sent only once the change is committed."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Notification
from registry import services
from registry.models import Business
from tests.factories import BusinessFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    business = Business.objects.get(owner=pelaku)
    ProductFactory(business=business)
    services.business_submit(business=business, user=pelaku)
    return business


def test_verifying_leaves_a_notice_and_emails_the_owner_after_commit(
    dinas, pelaku, business, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.business_verify(business=business, user=dinas)
    assert mail.outbox == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    notice = Notification.objects.get(recipient=pelaku)
    assert "sudah diverifikasi" in notice.message
    assert notice.url == reverse("owner:business_overview", args=[business.pk])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pelaku.email]
    assert "diverifikasi" in mail.outbox[0].subject


def test_returning_tells_the_owner_the_reason(dinas, pelaku, business, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.business_return(business=business, user=dinas, note="Foto produk belum ada")
    assert "Foto produk belum ada" in Notification.objects.get(recipient=pelaku).message
    assert "Foto produk belum ada" in mail.outbox[0].body


def test_an_owner_without_email_gets_only_the_notice(dinas, django_capture_on_commit_callbacks):
    owner = UserFactory(username="tanpa-email", email="")
    business = BusinessFactory(owner=owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.business_verify(business=business, user=dinas)
    assert Notification.objects.filter(recipient=owner).count() == 1
    assert mail.outbox == []


def test_a_business_without_an_owner_account_notifies_nobody(dinas, django_capture_on_commit_callbacks):
    business = BusinessFactory(owner=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.business_verify(business=business, user=dinas)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_business_list_shows_unread_notices_until_they_are_opened(client, dinas, pelaku, business):
    services.business_return(business=business, user=dinas, note="Alamat kurang lengkap")
    client.force_login(pelaku)
    response = client.get(reverse("owner:business_list"))
    assert "Alamat kurang lengkap" in response.text
    notice = Notification.objects.get()
    # Seeing it in passing does not mark it read (the inbox's badge still counts it)...
    assert notice.read_at is None
    assert "Alamat kurang lengkap" in client.get(reverse("owner:business_list")).text
    # ...opening it does, and it leaves the list.
    client.get(reverse("accounts:inbox_open", args=[notice.pk]))
    assert "Alamat kurang lengkap" not in client.get(reverse("owner:business_list")).text


def test_an_owner_sees_only_their_own_notices(client, dinas, pelaku, other_pelaku, business):
    services.business_return(business=business, user=dinas, note="Alamat kurang lengkap")
    client.force_login(other_pelaku)
    assert "Alamat kurang lengkap" not in client.get(reverse("owner:business_list")).text
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("count", [2, 12])
def test_the_business_list_query_count_does_not_grow_with_notices(
    client, dinas, pelaku, business, count, django_assert_max_num_queries
):
    for i in range(count):
        Notification.objects.create(recipient=pelaku, message=f"Pesan {i}")
    client.force_login(pelaku)
    # 11 for the page and its notices, 1 for the open reporting requests shown first.
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(14):
        client.get(reverse("owner:business_list"))


def test_a_failing_mail_server_does_not_undo_the_verification(
    dinas, pelaku, business, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.accounts.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.business_verify(business=business, user=dinas)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.VERIFIED


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
