"""Sessions by role, password length by role, safe `next` redirects, password reset that
does not tell who is registered, and HSTS preload only on request."""

import re
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.security import SIGNED_IN_AT
from tests.factories import BusinessFactory, UserFactory
from tests.test_project import run_manage
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
PASSWORD = "Kata-Sandi-Panjang-2026"
LOGIN = reverse("accounts:login")
EVIL = ["https://evil.example/", "//evil.example", "https:evil.example", "/\\evil.example"]


def login(client, username, **extra):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})


# --- Sessions ---------------------------------------------------------------------------


def test_staff_sessions_end_when_the_browser_closes(client):
    UserFactory(username="staf", is_staff=True, password=PASSWORD, groups=[roles.STAF_DINAS])
    login(client, "staf", remember="on")
    assert client.session.get_expire_at_browser_close()


def test_owners_stay_signed_in_for_14_days_by_default(client):
    UserFactory(username="sekar", password=PASSWORD, groups=[roles.PELAKU_IKM])
    login(client, "sekar", remember="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 14 * 24 * 3600
    assert client.cookies["sessionid"]["max-age"] == 14 * 24 * 3600


def test_an_owner_who_unticks_tetap_masuk_is_signed_out_with_the_browser(client):
    UserFactory(username="sekar", password=PASSWORD, groups=[roles.PELAKU_IKM])
    login(client, "sekar")
    assert client.session.get_expire_at_browser_close()
    assert "Tetap masuk di perangkat ini" in client.get(LOGIN).content.decode()


def age_session(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = int(time.time() - hours * 3600)
    session.save()


def test_a_staff_session_ends_8_hours_after_signing_in_however_active(client, dinas):
    client.force_login(dinas)
    age_session(client, 7.9)
    assert client.get("/dinas/").status_code == 200
    age_session(client, 8.1)
    response = client.get("/dinas/")
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next=/dinas/"
    assert "_auth_user_id" not in client.session
    assert "Sesi staf berakhir setelah 8 jam" in client.get(response.url).content.decode()


def test_an_owner_session_has_no_8_hour_limit(client, pelaku):
    client.force_login(pelaku)
    age_session(client, 48)
    assert client.get("/usaha/").status_code == 200


def test_the_staff_limit_is_a_setting(client, dinas, settings):
    settings.STAFF_SESSION_HOURS = 1
    client.force_login(dinas)
    age_session(client, 1.5)
    assert client.get("/dinas/").status_code == 302


# --- Passwords --------------------------------------------------------------------------


def test_staff_passwords_need_12_characters_with_an_indonesian_message():
    staff = UserFactory.build(is_staff=True, username="staf")
    with pytest.raises(ValidationError) as error:
        validate_password("Tuban-2026x", user=staff)  # 11 characters
    assert "minimal 12 karakter" in error.value.messages[0]
    validate_password("Tuban-2026xy", user=staff)


def test_owner_passwords_need_8_characters():
    owner = UserFactory.build(username="sekar")
    with pytest.raises(ValidationError) as error:
        validate_password("Tbn-26x", user=owner)
    assert "minimal 8 karakter" in error.value.messages[0]
    validate_password("Tbn-26xy", user=owner)


def test_the_admin_refuses_a_short_password_for_a_staff_account(client, dinas):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    # Django's UserAdmin names this URL after auth_user whatever the user model.
    url = reverse("admin:auth_user_password_change", args=[dinas.pk])
    response = client.post(url, {"password1": "Tuban-2026x", "password2": "Tuban-2026x", "usable_password": "true"})
    assert response.status_code == 200
    assert "minimal 12 karakter" in response.content.decode()


# --- next -------------------------------------------------------------------------------


@pytest.mark.parametrize("evil", EVIL)
def test_the_dinas_queue_actions_never_redirect_off_site(dinas_client, evil):
    response = dinas_client.post(reverse("dinas:verify_selected"), {"next": evil})
    assert response.status_code == 302
    assert response.url == reverse("dinas:queue")


def test_the_dinas_queue_actions_keep_a_local_next(dinas_client):
    response = dinas_client.post(reverse("dinas:verify_selected"), {"next": "/dinas/?page=2"})
    assert response.url == "/dinas/?page=2"


@pytest.mark.parametrize("evil", EVIL)
def test_a_production_report_action_never_redirects_off_site(dinas_client, evil):
    from tests.factories import ProductionReportFactory

    report = ProductionReportFactory(product__business=BusinessFactory())
    response = dinas_client.post(reverse("dinas:report_action", args=[report.pk]), {"action": "verify", "next": evil})
    assert response.url == reverse("dinas:queue")


@pytest.mark.parametrize("evil", EVIL)
def test_login_and_the_second_factor_never_redirect_off_site(client, evil):
    UserFactory(username="sekar", password=PASSWORD, groups=[roles.PELAKU_IKM])
    response = login(client, "sekar", next=evil)
    assert response.status_code == 302
    assert "evil.example" not in response.url
    response = client.get(reverse("accounts:otp_verify"), {"next": evil})
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize("evil", EVIL)
def test_the_signup_done_page_never_carries_an_outside_next(client, evil):
    response = client.get(reverse("accounts:signup_done"), {"next": evil})
    assert response.context["next"] == reverse("owner:business_create")
    assert f'name="next" value="{reverse("owner:business_create")}"' in response.content.decode()


# --- Password reset: no account enumeration ---------------------------------------------


def without_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_password_reset_looks_the_same_for_a_registered_and_an_unknown_email(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="siti@example.id")
    url = reverse("accounts:password_reset")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        known = client.post(url, {"email": "siti@example.id"}, follow=True)
        unknown = client.post(url, {"email": "tidak.ada@example.id"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known) == without_csrf(unknown)
    assert "Bila email tersebut terdaftar" in without_csrf(known)
    assert [m.to for m in mail.outbox] == [["siti@example.id"]]


# --- HSTS -------------------------------------------------------------------------------


def hsts_preload(**env):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)",
        env_overrides={"DJANGO_SETTINGS_MODULE": "tuban_ikm.settings", "SECRET_KEY": "x" * 50, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_hsts_preload_is_off_unless_a_setting_asks_for_it():
    assert hsts_preload() == "False"
    assert hsts_preload(SECURE_HSTS_PRELOAD="1") == "True"
