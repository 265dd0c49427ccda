"""SITE_URL (absolute links, its deploy check) and Dinas's contact details (admin, footer,
contact page, email signature)."""

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.urls import reverse

from tests.test_project import run_manage
from tuban_ikm.models import DinasContact
from tuban_ikm.outbox import email_queue
from tuban_ikm.site import absolute_url, whatsapp_chat_url, whatsapp_share_url


@pytest.fixture
def contact(db):
    return DinasContact.objects.create(
        address="Jl. Basuki Rahmat No. 1, Tuban",
        phone="(0356) 321 000",
        whatsapp="0812 3456 7890",
        email="disnakerin@tubankab.go.id",
        office_hours="Senin-Jumat 08.00-15.30 WIB",
    )


def test_absolute_links_start_with_site_url(settings):
    settings.SITE_URL = "https://ikm.tubankab.go.id"
    assert absolute_url("/pesan/1/") == "https://ikm.tubankab.go.id/pesan/1/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


def test_without_site_url_the_request_is_the_fallback(settings, rf):
    settings.SITE_URL = ""
    assert absolute_url("/pesan/", rf.get("/")) == "http://testserver/pesan/"


def test_whatsapp_links_carry_the_text_and_an_absolute_link(settings):
    settings.SITE_URL = "https://ikm.tubankab.go.id"
    assert (
        whatsapp_share_url("Dinas menjawab & terima kasih", "/pesan/1/")
        == "https://wa.me/?text=Dinas%20menjawab%20%26%20terima%20kasih%0Ahttps%3A%2F%2Fikm.tubankab.go.id%2Fpesan%2F1%2F"
    )
    assert whatsapp_chat_url("0812 3456 7890") == "https://wa.me/6281234567890"


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        ("", True),
        ("http://ikm.tubankab.go.id", True),
        ("https://ikm.tubankab.go.id/sub/", True),
        ("https://ikm.tubankab.go.id", False),
    ],
)
def test_the_deploy_check_warns_about_a_missing_or_plain_http_site_url(settings, value, warned):
    settings.DEBUG = False
    settings.SITE_URL = value
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert ("tuban_ikm.W001" in ids) is warned


def test_the_deploy_check_is_silent_in_debug(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert "tuban_ikm.W001" not in [m.id for m in run_checks(include_deployment_checks=True)]


def test_manage_check_deploy_names_site_url_when_it_is_missing():
    result = run_manage(
        "check",
        "--deploy",
        env_overrides={
            "DJANGO_SETTINGS_MODULE": "tuban_ikm.settings",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "ikm.tubankab.go.id",
        },
    )
    assert "tuban_ikm.W001" in result.stdout + result.stderr


def test_the_footer_and_the_contact_page_show_dinas_contact_details(client, contact):
    home = client.get(reverse("home")).text
    assert "0812 3456 7890" in home and "Senin-Jumat 08.00-15.30 WIB" in home
    page = client.get(reverse("contact")).text
    assert "Jl. Basuki Rahmat No. 1, Tuban" in page
    assert 'href="https://wa.me/6281234567890"' in page
    assert 'href="mailto:disnakerin@tubankab.go.id"' in page


def test_the_contact_page_without_details_says_so(client, db):
    assert "belum mengisi" in client.get(reverse("contact")).text


def test_the_contact_details_cost_one_query_per_page(client, contact, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert client.get(reverse("contact")).status_code == 200


def test_every_email_ends_with_the_contact_details(contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(subject="Uji", body="Isi email.", to=["a@example.id"], kind="test")
    [email] = mail.outbox
    assert email.body.startswith("Isi email.")
    assert "-- \nDinas Ketenagakerjaan dan Perindustrian Kabupaten Tuban" in email.body
    assert "WhatsApp: 0812 3456 7890" in email.body


def test_no_signature_until_the_details_are_set(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(subject="Uji", body="Isi email.", to=["a@example.id"], kind="test")
    assert mail.outbox[0].body == "Isi email."


def test_there_is_one_contact_row_edited_in_the_admin(client, dinas, contact):
    client.force_login(dinas)
    assert client.get(reverse("admin:tuban_ikm_dinascontact_changelist")).status_code == 200
    assert client.get(reverse("admin:tuban_ikm_dinascontact_add")).status_code == 403  # one row only
    change = reverse("admin:tuban_ikm_dinascontact_change", args=[1])
    response = client.post(
        change,
        {"name": contact.name, "address": "Jl. Baru 2", "phone": "", "whatsapp": "", "email": "", "office_hours": ""},
    )
    assert response.status_code == 302
    assert DinasContact.current().address == "Jl. Baru 2"
    assert DinasContact.objects.count() == 1


def test_pimpinan_cannot_edit_the_contact_details(client, pimpinan, contact):
    client.force_login(pimpinan)
    assert client.get(reverse("admin:tuban_ikm_dinascontact_change", args=[1])).status_code == 403


def test_the_password_reset_link_uses_site_url_not_the_host_header(
    client, pelaku, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://ikm.tubankab.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": pelaku.email}, headers={"host": "evil.example"})
    [email] = mail.outbox
    assert "https://ikm.tubankab.go.id/akun/sandi/atur/" in email.body
    assert "evil.example" not in email.body
