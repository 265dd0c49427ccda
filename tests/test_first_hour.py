"""Every role's first hour: where each one lands after signing in (the second factor
included), what the /asosiasi/ and /dinas/ roots do, and which menu links each role sees."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import BusinessFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
PASSWORD = "Kata-Sandi-Pertama-2026"
START = reverse("start")


def sign_in(client, user):
    """The log-in form as a person fills it in, without a `next`."""
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def landing(client, user):
    """Where the user ends up after the password (staff: after their verified session)."""
    assert sign_in(client, user).url == START
    if user.is_staff:
        client.force_login(user)  # stands for the second factor (tests/conftest.py)
    response = client.get(START)
    assert response.status_code == 302
    return response.url


@pytest.fixture
def buyer(db):
    return UserFactory(username="pembeli", groups=[roles.PEMBELI])


@pytest.fixture
def newcomer(db):
    return UserFactory(username="baru", groups=[roles.PELAKU_IKM])


def test_staf_dinas_land_on_the_review_queue(client, dinas):
    assert landing(client, dinas) == reverse("dinas:queue")


def test_pimpinan_land_on_the_dashboard(client, pimpinan):
    assert landing(client, pimpinan) == reverse("dashboard:index")


def test_officers_land_on_their_members(client, pengurus):
    BusinessFactory(owner=pengurus)  # an officer who also owns a business still starts with the members
    assert landing(client, pengurus) == reverse("organizations:member_list")


def test_owners_land_on_their_businesses(client, pelaku):
    assert landing(client, pelaku) == reverse("owner:business_list")


def test_buyers_land_on_the_demand_board(client, buyer):
    assert landing(client, buyer) == reverse("demand:list")


def test_a_new_owner_lands_where_they_register_their_first_business(client, newcomer):
    assert landing(client, newcomer) == reverse("owner:business_list")
    page = client.get(reverse("owner:business_list")).content.decode()
    assert "Tambah usaha" in page


def test_a_next_address_still_wins_over_the_landing_page(client, pelaku):
    pelaku.set_password(PASSWORD)
    pelaku.save()
    response = client.post(reverse("accounts:login"), {"username": "pelaku", "password": PASSWORD, "next": "/katalog/"})
    assert response.url == "/katalog/"


def test_the_landing_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(START)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_land_on_their_page_after_the_second_factor(client, dinas):
    device = TOTPDevice.objects.create(user=dinas, name="ponsel", confirmed=True)
    response = sign_in(client, dinas)
    response = client.get(response.url)  # the middleware holds the session at the code step
    assert response.url.startswith(reverse("accounts:otp_verify"))
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    response = client.post(response.url, {"token": f"{totp.token():06d}"})
    assert response.url == START
    assert client.get(START).url == reverse("dinas:queue")


def test_staff_are_not_invited_to_register_a_business(client, dinas, pimpinan):
    for user in (dinas, pimpinan):
        client.force_login(user)
        page = client.get(reverse("owner:business_list")).content.decode()
        assert "Tambah usaha" not in page
        assert 'href="/usaha/baru/"' not in page
        home = client.get("/").content.decode()
        assert 'href="/akun/daftar/"' not in home


# --- The /asosiasi/ and /dinas/ roots -----------------------------------------------------


def test_the_association_root_takes_officers_to_their_members(client, pengurus):
    client.force_login(pengurus)
    response = client.get("/asosiasi/")
    assert response.status_code == 302
    assert response.url == reverse("organizations:member_list")


def test_the_association_root_refuses_owners_and_asks_visitors_to_sign_in(client, pelaku):
    assert client.get("/asosiasi/").url.startswith(reverse("accounts:login"))
    client.force_login(pelaku)
    assert client.get("/asosiasi/").status_code == 403


def test_the_dinas_root_is_the_queue_for_staf_dinas(client, dinas):
    client.force_login(dinas)
    response = client.get("/dinas/")
    assert response.status_code == 200
    assert "Antrean verifikasi" in response.content.decode()


def test_the_dinas_root_takes_pimpinan_to_the_dashboard(client, pimpinan):
    client.force_login(pimpinan)
    response = client.get("/dinas/")
    assert response.status_code == 302
    assert response.url == reverse("dashboard:index")


def test_the_dinas_root_refuses_owners_and_officers(client, pelaku, pengurus):
    for user in (pelaku, pengurus):
        client.force_login(user)
        assert client.get("/dinas/").status_code == 403
    client.logout()
    assert client.get("/dinas/").url.startswith(reverse("accounts:login"))


# --- Menus -----------------------------------------------------------------------------------

STAFF_LINKS = {
    "/dinas/": "dinas queue",
    "/desa/sentra/": "sentra",
    "/bantuan/dinas/": "aid programmes",
    "/katalog/ekatalog/": "e-katalog",
    "/dasbor/": "dashboard",
    "/pelaporan/": "reporting periods",
    "/admin/": "admin",
}
OFFICER_LINKS = {"/asosiasi/anggota/", "/asosiasi/pendataan/", "/asosiasi/impor/", "/pelaporan/asosiasi/"}
EVERYONE = {"/katalog/", "/desa/"}
SIGNED_IN = {"/permintaan/", "/akun/data-saya/"}


def nav_links(client):
    html = client.get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]
    return set(re.findall(r'href="([^"#]+)"', nav))


def may_open(client, url):
    return client.get(url).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "pelaku", "pengurus", "dinas", "pimpinan", "buyer"])
def test_each_role_sees_the_pages_it_may_open_and_only_those(client, role, request):
    if role != "anonymous":
        user = request.getfixturevalue(role)
        client.force_login(user)
    links = nav_links(client)
    assert EVERYONE <= links
    for url in STAFF_LINKS.keys() | OFFICER_LINKS | SIGNED_IN:
        assert (url in links) == may_open(client, url), f"{role}: {url} shown={url in links}"


def test_the_menus_differ_by_role(client, dinas, pimpinan, pengurus, pelaku, buyer):
    client.force_login(dinas)
    assert set(STAFF_LINKS) <= nav_links(client)
    client.force_login(pimpinan)
    assert {"/dasbor/", "/katalog/ekatalog/", "/pelaporan/"} <= nav_links(client)
    assert not {"/desa/sentra/", "/bantuan/dinas/"} & nav_links(client)
    client.force_login(pengurus)
    assert OFFICER_LINKS <= nav_links(client)
    assert "/usaha/" in nav_links(client)
    client.force_login(pelaku)
    assert "/usaha/" in nav_links(client)
    assert not OFFICER_LINKS & nav_links(client)
    client.force_login(buyer)
    assert "/usaha/" not in nav_links(client)


# --- Kecamatan and desa lists are ordered by name ----------------------------------------


def option_labels(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label.strip() for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)</option>', select)]


def test_kecamatan_lists_are_ordered_by_name_in_forms_and_filters(client, pelaku, dinas):
    client.force_login(pelaku)
    create = client.get(reverse("owner:business_create")).content.decode()
    names = option_labels(create, "kecamatan")
    assert len(names) == 20
    assert names == sorted(names)
    assert names[0] == "Bancar" and names[-1] == "Widang"
    catalogue = option_labels(client.get(reverse("catalogue:list")).content.decode(), "kecamatan")
    assert catalogue == names
    client.force_login(dinas)
    dashboard = option_labels(client.get(reverse("dashboard:index")).content.decode(), "kecamatan")
    assert dashboard == names


def test_desa_choices_are_ordered_by_name_within_their_kecamatan(client, pelaku):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    page = client.get(reverse("owner:location", args=[business.pk])).content.decode()
    desa = option_labels(page, "desa")
    assert len(desa) > 5
    assert desa == sorted(desa, key=str.casefold)
    # The live filter's data (json_script) is in the same order.
    from registry.views import desa_options

    kerek = [label for code, label in desa_options()[business.desa.kecamatan_id]]
    assert kerek == sorted(kerek, key=str.casefold)


# --- A NIB typed with spaces --------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1234 5678 9012 3", "1234.5678.9012.3", " 1234-5678-90123 "])
def test_a_nib_typed_with_spaces_dots_or_dashes_is_kept_as_its_digits(client, pelaku, typed):
    from tests.registry.test_owner_sections import identity_data

    business = pelaku.businesses.get()
    client.force_login(pelaku)
    page = client.get(reverse("owner:identity", args=[business.pk])).content.decode()
    assert re.search(r'name="nib"[^>]*maxlength="20"', page)  # the browser lets the spaces be typed
    response = client.post(reverse("owner:identity", args=[business.pk]), identity_data(business, nib=typed))
    assert response.status_code == 302, response.content.decode()[:2000]
    business.refresh_from_db()
    assert business.nib == "1234567890123"


def test_a_nib_with_letters_or_the_wrong_length_is_still_refused_next_to_the_field(client, pelaku):
    from tests.registry.test_owner_sections import identity_data

    business = pelaku.businesses.get()
    client.force_login(pelaku)
    for typed in ["1234 5678 9012", "1234 5678 9012 X"]:
        response = client.post(reverse("owner:identity", args=[business.pk]), identity_data(business, nib=typed))
        assert response.status_code == 200
        assert "NIB harus terdiri dari 13 angka." in response.content.decode()
        business.refresh_from_db()
        assert business.nib != typed.replace(" ", "")
