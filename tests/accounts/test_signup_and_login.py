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


def sign_in_after_signup(client, done_response, password=PASSWORD):
    """The sign-up done page's own log-in form, as the owner fills it in."""
    form = done_response.context["form"]
    data = {"username": form.initial["username"], "password": password, "next": done_response.context["next"]}
    return client.post(LOGIN, data)


def test_signup_with_email_creates_an_owner_who_signs_in_and_goes_to_the_new_business_page(client):
    response = client.post(SIGNUP, signup_data(email="Siti@Example.ID"), follow=True)
    assert response.redirect_chain[0][0] == reverse("accounts:signup_done")
    assert "Pendaftaran diterima" in response.content.decode()
    user = User.objects.get()
    assert user.first_name == "Siti Aminah"
    assert user.email == "siti@example.id"
    assert user.phone is None
    assert user.groups.filter(name=roles.PELAKU_IKM).exists()
    assert user.check_password(PASSWORD)
    response = sign_in_after_signup(client, response)
    assert response.status_code == 302
    assert response.url == reverse("owner:business_create")
    assert logged_in_user(client) == user


def test_signup_with_phone_only_stores_the_number_as_plus_62(client):
    response = client.post(SIGNUP, signup_data(phone="0812-3456-7890"), follow=True)
    user = User.objects.get()
    assert user.phone == "+6281234567890"
    assert user.email == ""
    sign_in_after_signup(client, response)
    assert logged_in_user(client) == user


def test_signup_without_email_or_phone_shows_the_error_next_to_the_fields(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 200
    form = response.context["form"]
    assert "Isi email atau nomor HP (salah satu cukup)." in form.errors["email"]
    assert "phone" in form.errors
    assert not User.objects.exists()


def visible_text(response):
    """The page as a person sees it: no CSRF token, no per-request values."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_signup_with_a_registered_email_says_exactly_what_a_new_signup_says(client):
    UserFactory(email="siti@example.id", first_name="Siti")
    taken = client.post(SIGNUP, signup_data(email="SITI@example.id"), follow=True)
    client.cookies.clear()
    fresh = client.post(SIGNUP, signup_data(email="baru@example.id"), follow=True)
    assert [url for url, _status in taken.redirect_chain] == [url for url, _status in fresh.redirect_chain]
    assert taken.status_code == fresh.status_code == 200
    assert visible_text(taken).replace("SITI@example.id", "siti@example.id") == visible_text(fresh).replace(
        "baru@example.id", "siti@example.id"
    )
    assert "sudah terdaftar" not in visible_text(taken)
    assert User.objects.filter(email__iexact="siti@example.id").count() == 1


def test_signup_with_a_registered_email_creates_nothing_and_tells_the_holder_by_email(
    client, django_capture_on_commit_callbacks
):
    holder = UserFactory(email="siti@example.id", password="kata-sandi-lama-1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            SIGNUP, signup_data(email="SITI@example.id", password1="Akun-Palsu-2026", password2="Akun-Palsu-2026")
        )
    assert User.objects.count() == 1
    holder.refresh_from_db()
    assert holder.check_password("kata-sandi-lama-1")
    assert [m.to for m in mail.outbox] == [["siti@example.id"]]
    assert "mencoba membuat akun baru" in mail.outbox[0].body
    assert "/akun/sandi/lupa/" in mail.outbox[0].body
    # The intruder's password does not open the account.
    response = client.post(LOGIN, {"username": "siti@example.id", "password": "Akun-Palsu-2026"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_new_signup_sends_no_warning_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, signup_data(email="baru@example.id"))
    assert mail.outbox == []


def test_signup_with_an_email_equal_to_someone_elses_username_creates_nothing(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="budi@example.id", email="budi.lama@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data(email="budi@example.id"), follow=True)
    assert "Pendaftaran diterima" in response.content.decode()
    assert not User.objects.filter(email="budi@example.id").exists()
    assert [m.to for m in mail.outbox] == [["budi.lama@example.id"]]


def test_signup_with_a_registered_phone_in_another_format_creates_nothing_and_looks_the_same(client):
    UserFactory(phone="+6281234567890", email="")
    taken = client.post(SIGNUP, signup_data(phone="6281234567890"), follow=True)
    client.cookies.clear()
    fresh = client.post(SIGNUP, signup_data(phone="081299990000"), follow=True)
    assert User.objects.filter(phone="+6281234567890").count() == 1
    assert User.objects.filter(phone="+6281299990000").count() == 1
    assert visible_text(taken).replace("+6281234567890", "X") == visible_text(fresh).replace("+6281299990000", "X")
    assert "sudah terdaftar" not in visible_text(taken)


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
    response = client.post(SIGNUP, signup_data(email="a@example.id", next="/akun/klaim/abc/"), follow=True)
    assert response.context["next"] == "/akun/klaim/abc/"
    assert sign_in_after_signup(client, response).url == "/akun/klaim/abc/"
    client.logout()
    for outside in ("https://jahat.example/", "//jahat.example/"):
        response = client.post(SIGNUP, signup_data(email=f"b{len(outside)}@example.id", next=outside), follow=True)
        assert response.context["next"] == reverse("owner:business_create")
        assert "jahat.example" not in response.content.decode()


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
