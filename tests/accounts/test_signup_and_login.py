"""Sign-up with email or phone, log-in with email, phone or username, password reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts.backends import EmailOrPhoneBackend
from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Batik-Gedog-2025"
SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")


def signup_data(**overrides):
    data = {"name": "Siti Aminah", "email": "", "phone": "", "password1": PASSWORD, "password2": PASSWORD}
    return data | overrides


def logged_in_user(client):
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_signup_with_email_creates_an_owner_logs_in_and_goes_to_the_new_business_page(client):
    response = client.post(SIGNUP, signup_data(email="Siti@Example.ID"))
    assert response.status_code == 302
    assert response.url == reverse("owner:business_create")
    user = logged_in_user(client)
    assert user.first_name == "Siti Aminah"
    assert user.email == "siti@example.id"
    assert user.phone is None
    assert user.groups.filter(name=roles.PELAKU_IKM).exists()
    assert user.check_password(PASSWORD)


def test_signup_with_phone_only_stores_the_number_as_plus_62(client):
    response = client.post(SIGNUP, signup_data(phone="0812-3456-7890"))
    assert response.status_code == 302
    user = logged_in_user(client)
    assert user.phone == "+6281234567890"
    assert user.email == ""


def test_signup_without_email_or_phone_shows_the_error_next_to_the_fields(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 200
    form = response.context["form"]
    assert "Isi email atau nomor HP (salah satu cukup)." in form.errors["email"]
    assert "phone" in form.errors
    assert not User.objects.exists()


def test_signup_refuses_an_email_already_registered_in_any_letter_case(client):
    UserFactory(email="siti@example.id")
    response = client.post(SIGNUP, signup_data(email="SITI@example.id"))
    assert response.status_code == 200
    assert "Email ini sudah terdaftar" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_signup_refuses_an_email_equal_to_someone_elses_username(client):
    UserFactory(username="budi@example.id", email="budi.lama@example.id")
    response = client.post(SIGNUP, signup_data(email="budi@example.id"))
    assert "email" in response.context["form"].errors


def test_signup_refuses_a_phone_already_registered_whatever_its_format(client):
    UserFactory(phone="+6281234567890")
    response = client.post(SIGNUP, signup_data(phone="6281234567890"))
    assert response.status_code == 200
    assert "Nomor HP ini sudah terdaftar" in response.context["form"].errors["phone"][0]


def test_signup_refuses_an_invalid_phone_next_to_the_field(client):
    response = client.post(SIGNUP, signup_data(phone="12345"))
    assert "Nomor telepon tidak valid" in response.context["form"].errors["phone"][0]


def test_signup_applies_djangos_password_validators_and_the_confirmation(client):
    response = client.post(SIGNUP, signup_data(email="siti@example.id", password1="12345678", password2="12345678"))
    assert "password2" in response.context["form"].errors
    response = client.post(SIGNUP, signup_data(email="siti@example.id", password2="something-else-99"))
    assert "Kedua kata sandi tidak sama." in response.context["form"].errors["password2"]
    assert not User.objects.exists()


def test_signup_follows_a_safe_next_and_ignores_an_outside_one(client):
    response = client.post(SIGNUP, signup_data(email="a@example.id", next="/akun/klaim/abc/"))
    assert response.url == "/akun/klaim/abc/"
    client.logout()
    response = client.post(SIGNUP, signup_data(email="b@example.id", next="https://jahat.example/"))
    assert response.url == reverse("owner:business_create")


def test_signup_page_shows_the_privacy_notice_with_a_link_to_the_full_text(client):
    html = client.get(SIGNUP).content.decode()
    assert "Tentang data Anda" in html
    assert "Kami tidak meminta NIK" in html
    assert reverse("accounts:privacy") in html
    assert "http://" not in html and "https://" not in html


def test_privacy_page_explains_purpose_visibility_and_rights(client):
    html = client.get(reverse("accounts:privacy")).content.decode()
    for phrase in ("Untuk apa data dikumpulkan", "Siapa yang melihat apa", "Hak Anda", "NIK", "dicatat"):
        assert phrase in html


@pytest.mark.parametrize(
    "typed", ["pelaku@example.id", "PELAKU@example.id", "0812 3456 7890", "+6281234567890", "6281234567890", "pelaku"]
)
def test_login_accepts_email_phone_in_any_common_format_or_username(client, typed):
    user = UserFactory(username="pelaku", email="pelaku@example.id", phone="+6281234567890", password=PASSWORD)
    response = client.post(LOGIN, {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in_user(client) == user


def test_login_with_a_wrong_password_fails_with_an_indonesian_message(client):
    UserFactory(email="pelaku@example.id", password=PASSWORD)
    response = client.post(LOGIN, {"username": "pelaku@example.id", "password": "salah-salah"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "kata sandi tidak cocok" in response.content.decode()


def test_login_form_asks_for_email_phone_or_username(client):
    assert "Email, nomor HP, atau nama pengguna" in client.get(LOGIN).content.decode()


def test_inactive_user_cannot_log_in_even_with_the_right_password(rf):
    UserFactory(email="tutup@example.id", password=PASSWORD, is_active=False)
    assert EmailOrPhoneBackend().authenticate(rf.get("/"), username="tutup@example.id", password=PASSWORD) is None


def test_unknown_identifier_still_runs_the_password_hasher_once(rf, monkeypatch):
    calls = []
    monkeypatch.setattr(User, "set_password", lambda self, raw: calls.append(raw))
    assert EmailOrPhoneBackend().authenticate(rf.get("/"), username="nobody@example.id", password="x") is None
    assert calls == ["x"]


def test_username_wins_over_another_accounts_email(rf):
    by_name = UserFactory(username="sama@example.id", email="satu@example.id", password=PASSWORD)
    UserFactory(username="lain", email="sama@example.id", password=PASSWORD)
    assert EmailOrPhoneBackend().authenticate(rf.get("/"), username="sama@example.id", password=PASSWORD) == by_name


def test_password_reset_sends_an_email_whose_link_sets_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="lupa@example.id", password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = client.post(reverse("accounts:password_reset"), {"email": "lupa@example.id"})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lupa@example.id"]
    assert "Kata sandi baru" in message.subject
    link = re.search(r"https?://[^/\s]+(/akun/sandi/atur/\S+)", message.body).group(1)

    response = client.get(link)  # Django swaps the token for a session and redirects
    assert response.status_code == 302
    new_password = "Tenun-Kerek-2026"
    response = client.post(response.url, {"new_password1": new_password, "new_password2": new_password})
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert client.post(LOGIN, {"username": "lupa@example.id", "password": new_password}).status_code == 302


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "tidakada@example.id"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_pages_speak_indonesian(client):
    assert "Lupa kata sandi" in client.get(reverse("accounts:password_reset")).content.decode()
    assert "Periksa email Anda" in client.get(reverse("accounts:password_reset_done")).content.decode()
    html = client.get(reverse("accounts:password_reset_confirm", args=["MQ", "salah"])).content.decode()
    assert "Tautan ini tidak berlaku lagi" in html
