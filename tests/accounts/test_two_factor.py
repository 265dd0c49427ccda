"""Two-factor sign-in (TOTP): staff must set up and use an authenticator before any staff
page, the admin included; owners may turn it on; backup codes; Dinas resets a lost device."""

import io
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from tests.conftest import login_without_otp
from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
PASSWORD = "Kata-Sandi-Dinas-2026"
SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")
STAFF_PAGES = ["/admin/", "/dinas/", "/dasbor/", "/bantuan/dinas/"]


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="ponsel", confirmed=True)


@pytest.fixture
def staff(db):
    return UserFactory(username="staf", is_staff=True, password=PASSWORD, groups=[roles.STAF_DINAS])


def password_login(client, username, next_url="/dinas/"):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD, "next": next_url})


def test_staff_without_a_device_are_sent_to_setup_after_the_password(client, staff):
    response = password_login(client, "staf")
    assert response.url == "/dinas/"
    response = client.get("/dinas/")
    assert response.status_code == 302
    assert response.url == f"{SETUP}?next=%2Fdinas%2F"


@pytest.mark.parametrize("path", STAFF_PAGES + ["/", "/akun/data-saya/"])
def test_staff_with_a_device_but_no_code_yet_reach_no_page_but_the_code_step(client, staff, path):
    confirmed_device(staff)
    login_without_otp(client, staff)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY + "?next=")


def test_pimpinan_is_held_at_the_code_step_too(client, pimpinan):
    confirmed_device(pimpinan)
    login_without_otp(client, pimpinan)
    assert client.get("/dasbor/").url.startswith(VERIFY)


def test_the_admin_login_page_does_not_bypass_the_second_factor(client, staff):
    confirmed_device(staff)
    response = client.post(
        reverse("admin:login"), {"username": "staf", "password": PASSWORD, "next": "/admin/"}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(VERIFY)
    assert "Verifikasi dua langkah" in response.content.decode()


def test_the_right_code_opens_the_staff_pages_and_the_admin(client, staff):
    device = confirmed_device(staff)
    login_without_otp(client, staff)
    response = client.post(VERIFY, {"token": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    for path in STAFF_PAGES:
        assert client.get(path).status_code == 200, path


def test_a_wrong_code_is_refused_with_an_indonesian_message(client, staff):
    device = confirmed_device(staff)
    login_without_otp(client, staff)
    response = client.post(VERIFY, {"token": code_for(device, offset=-3600)})
    assert response.status_code == 200
    assert "Kode salah atau sudah kedaluwarsa" in response.content.decode()
    assert client.get("/admin/").url.startswith(VERIFY)


def test_a_code_cannot_be_used_twice(client, staff):
    device = confirmed_device(staff)
    token = code_for(device)
    login_without_otp(client, staff)
    assert client.post(VERIFY, {"token": token}).status_code == 302
    other = Client()
    login_without_otp(other, staff)
    assert other.post(VERIFY, {"token": token}).status_code == 200
    assert other.get("/dinas/").url.startswith(VERIFY)


def test_setup_shows_the_secret_and_a_qr_code_drawn_on_the_server(client, staff):
    password_login(client, "staf")
    response = client.get(SETUP)
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    assert "<svg" in html
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # no image service
    # Reloading keeps the same secret (the app may have scanned it already).
    assert client.get(SETUP).context["secret"] == response.context["secret"]


def test_setup_confirmed_with_a_code_turns_2fa_on_and_shows_backup_codes_once(client, staff):
    password_login(client, "staf")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"action": "confirm", "token": code_for(device), "next": "/dinas/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/dinas/").status_code == 200
    assert client.get(SETUP).status_code == 200  # the state page, no secret any more
    assert "secret" not in client.get(SETUP).context


def test_setup_with_a_wrong_code_confirms_nothing(client, staff):
    password_login(client, "staf")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(SETUP, {"action": "confirm", "token": code_for(device, offset=-3600)})
    assert "Kode salah" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/dinas/").url.startswith(SETUP)


def test_a_password_alone_cannot_replace_a_confirmed_device(client, staff):
    confirmed_device(staff)
    password_login(client, "staf")
    response = client.get(f"{SETUP}?ganti=1")
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_a_backup_code_lets_a_staff_member_with_a_lost_phone_in_once(client, staff):
    confirmed_device(staff)
    codes = services.otp_backup_codes_create(user=staff)
    login_without_otp(client, staff)
    response = client.post(VERIFY, {"token": codes[0].upper(), "next": "/dinas/"})
    assert response.url == "/dinas/"
    assert client.get("/dinas/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    again = Client()
    login_without_otp(again, staff)
    assert again.post(VERIFY, {"token": codes[0]}).status_code == 200
    assert again.get("/dinas/").url.startswith(VERIFY)


def test_new_backup_codes_replace_the_old_ones(client, staff):
    old = services.otp_backup_codes_create(user=staff)
    client.force_login(staff)
    response = client.post(SETUP, {"action": "codes"})
    new = response.context["codes"]
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_owners_are_never_asked_for_a_code_unless_they_turned_it_on(client, pelaku):
    login_without_otp(client, pelaku)
    assert client.get("/usaha/").status_code == 200


def test_an_owner_who_turned_2fa_on_is_asked_for_the_code_at_the_next_sign_in(client):
    owner = UserFactory(username="sekar", password=PASSWORD, groups=[roles.PELAKU_IKM])
    device = confirmed_device(owner)
    password_login(client, "sekar", next_url="/usaha/")
    assert client.get("/usaha/").url.startswith(VERIFY)
    client.post(VERIFY, {"token": code_for(device)})
    assert client.get("/usaha/").status_code == 200


def test_owner_pages_cost_no_extra_query_for_2fa(client, pelaku, django_assert_max_num_queries):
    client.post(reverse("accounts:login"), {"username": "pelaku", "password": "rahasia-uji-123"})
    client.get("/usaha/")
    with django_assert_max_num_queries(12) as captured:
        client.get("/usaha/")
    assert not [q for q in captured.captured_queries if "otp_" in q["sql"]]


def test_the_requirement_can_be_turned_off_by_setting(client, staff, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    password_login(client, "staf")
    assert client.get("/dinas/").status_code == 200


def reset_with_admin_action(client, user):
    return client.post(
        reverse("admin:accounts_user_changelist"), {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )


def test_dinas_resets_a_colleagues_lost_device_and_the_colleague_sets_up_a_new_one(client, dinas, staff):
    confirmed_device(staff)
    services.otp_backup_codes_create(user=staff)
    client.force_login(dinas)
    assert reset_with_admin_action(client, staff).status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    colleague = Client()
    password_login(colleague, "staf")
    assert colleague.get("/dinas/").url.startswith(SETUP)


def test_pimpinan_cannot_reset_devices(client, pimpinan, staff):
    confirmed_device(staff)
    client.force_login(pimpinan)
    reset_with_admin_action(client, staff)
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_dinas_cannot_reset_a_superusers_device_nor_their_own(client, dinas):
    boss = UserFactory(username="admin", is_staff=True, is_superuser=True)
    confirmed_device(boss)
    client.force_login(dinas)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [boss.pk, dinas.pk]},
        follow=True,
    )
    assert TOTPDevice.objects.filter(user=boss).exists()
    assert TOTPDevice.objects.filter(user=dinas).exists()
    html = response.content.decode()
    assert "Hanya superuser yang dapat mengatur ulang" in html
    assert "akun Anda sendiri" in html


def test_the_code_step_pages_speak_indonesian(client, staff):
    confirmed_device(staff)
    login_without_otp(client, staff)
    html = client.get(VERIFY).content.decode()
    assert "Kode verifikasi" in html
    assert "kode cadangan" in html


def test_demo_staff_sign_in_with_the_published_demo_key(client):
    from django.core.management import call_command

    from demo import users as demo

    demo.demo_users_ensure(password="demo12345")
    client.post(reverse("accounts:login"), {"username": "dinas", "password": "demo12345"})
    assert client.get("/dinas/").url.startswith(VERIFY)
    assert client.post(VERIFY, {"token": demo.demo_otp_code(), "next": "/dinas/"}).url == "/dinas/"
    assert client.get("/dinas/").status_code == 200
    out = io.StringIO()
    call_command("demo_otp_code", stdout=out)
    assert out.getvalue().strip().isdigit() and len(out.getvalue().strip()) == 6
