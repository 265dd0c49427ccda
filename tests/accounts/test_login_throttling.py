"""Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords the right one is
refused too, per account and IP address, whatever way the account was named; Dinas lifts
the lock in the admin."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
PASSWORD = "Batik-Gedog-2025"


@pytest.fixture
def owner(db):
    return UserFactory(
        username="siti", email="siti@example.id", phone="+6281234567890", password=PASSWORD, groups=[roles.PELAKU_IKM]
    )


def attempt(client, username, password="salah-sekali", ip="10.0.0.1", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in(client):
    return "_auth_user_id" in client.session


def fail_five_times(client, username="siti", ip="10.0.0.1", url=LOGIN):
    for _ in range(4):
        response = attempt(client, username, ip=ip, url=url)
        assert response.status_code == 200  # the form again, with the usual message
    # The fifth wrong password locks the account at once.
    assert attempt(client, username, ip=ip, url=url).status_code == 429


def test_four_wrong_passwords_still_let_the_right_one_in(client, owner):
    for _ in range(4):
        attempt(client, "siti")
    response = attempt(client, "siti", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_after_five_wrong_passwords_the_right_one_is_refused_with_an_indonesian_page(client, owner):
    fail_five_times(client)
    response = attempt(client, "siti", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk" in html
    assert "setelah 5 kali kata sandi salah" in html
    assert "30 menit" in html
    assert "Account locked" not in html
    assert not signed_in(client)


def test_phone_in_any_format_and_email_count_as_the_same_account(client, owner):
    for typed in ("0812-3456-7890", "+6281234567890", "62 812 3456 7890", "SITI@example.id", "siti"):
        attempt(client, typed)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"siti"}
    response = attempt(client, "081234567890", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_an_unknown_phone_is_recorded_in_one_normalized_form(client):
    attempt(client, "0899-1111-2222")
    attempt(client, "+62 899 1111 2222")
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("+6289911112222", 2)]


def test_the_same_account_from_another_ip_address_is_not_locked(client, owner):
    fail_five_times(client, ip="10.0.0.1")
    response = attempt(client, "siti", PASSWORD, ip="10.0.0.2")
    assert response.status_code == 302
    assert signed_in(client)


def test_another_account_from_the_same_ip_address_is_not_locked(client, owner):
    UserFactory(username="budi", password=PASSWORD)
    fail_five_times(client, "siti")
    response = attempt(client, "budi", PASSWORD)
    assert response.status_code == 302


def test_with_per_account_locking_configured_another_ip_is_refused_too(client, owner, settings):
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]
    fail_five_times(client, ip="10.0.0.1")
    assert attempt(client, "siti", PASSWORD, ip="10.0.0.2").status_code == 429


def test_the_failure_limit_is_a_setting(client, owner, settings):
    settings.AXES_FAILURE_LIMIT = 2
    attempt(client, "siti")
    attempt(client, "siti")
    assert attempt(client, "siti", PASSWORD).status_code == 429


def test_the_lock_ends_after_the_cool_off(client, owner):
    fail_five_times(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(client, "siti", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, owner):
    for _ in range(4):
        attempt(client, "siti")
    attempt(client, "siti", PASSWORD)
    client.logout()
    for _ in range(4):
        attempt(client, "siti")
    assert attempt(client, "siti", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, dinas):
    dinas.set_password(PASSWORD)
    dinas.save()
    fail_five_times(client, "dinas", url=ADMIN_LOGIN)
    response = attempt(client, "dinas", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert not signed_in(client)


def unlock_with_admin_action(client, user):
    changelist = reverse("admin:accounts_user_changelist")
    return client.post(changelist, {"action": "unlock_login", "_selected_action": [user.pk]})


def test_dinas_unlocks_a_locked_account_in_the_admin_and_the_right_password_works_again(client, owner, dinas):
    fail_five_times(client)
    staff = type(client)()
    staff.force_login(dinas)
    response = unlock_with_admin_action(staff, owner)
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert attempt(client, "siti", PASSWORD).status_code == 302


def test_pimpinan_cannot_unlock_accounts(client, owner, pimpinan):
    fail_five_times(client)
    staff = type(client)()
    staff.force_login(pimpinan)
    unlock_with_admin_action(staff, owner)
    assert AccessAttempt.objects.exists()
    assert attempt(client, "siti", PASSWORD).status_code == 429


def test_dinas_sees_the_lockouts_in_the_admin(client, owner, dinas):
    fail_five_times(client)
    staff = type(client)()
    staff.force_login(dinas)
    response = staff.get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert "siti" in response.content.decode()


def test_behind_a_trusted_proxy_the_forwarded_client_address_counts(client, owner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(4):
        client.post(
            LOGIN,
            {"username": "siti", "password": "salah"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7",  # the client may forge the left part
        )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
    other_client = client.post(
        LOGIN, {"username": "siti", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="198.51.100.2"
    )
    assert other_client.status_code == 302


@pytest.mark.django_db
def test_a_username_longer_than_an_email_is_refused_next_to_the_field_not_logged(client):
    """django-axes logs every failed attempt with the username in a 255-character column: a
    longer one must be refused by the form first (PostgreSQL answered 500 before)."""
    response = client.post(reverse("accounts:login"), {"username": "a" * 300, "password": "salah-sekali"})

    assert response.status_code == 200
    assert "paling banyak 254 karakter" in response.content.decode()
    assert not AccessAttempt.objects.exists()
