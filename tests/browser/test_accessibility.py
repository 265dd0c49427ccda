"""axe-core on the main pages of every role (public, owner, officer, Staf Dinas, Pimpinan,
buyer), on a desktop and on a phone: no serious or critical violation.

The Django admin is checked on its index and the business list; its change form is left
out (Django's own tabular inlines and autocomplete, see staff_pages).
"""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from catalogue.models import Demand, PublishedProduct
from organizations.models import Membership
from registry.models import Business, CommodityGroup, Unit
from registry.services import business_submit, business_verify
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.browser.accessibility import assert_accessible, axe_violations, describe
from tests.factories import (
    BusinessFactory,
    MarketAreaFactory,
    MembershipFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
)
from tuban_ikm import roles
from tuban_ikm.urls import urlpatterns as site_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


def page_with_problems(request):
    return HttpResponse('<!doctype html><html><body><img src="/static/favicon.svg"><button></button></body></html>')


# Used by test_the_check_catches_a_page_with_problems only (pytest.mark.urls).
urlpatterns = [*site_urlpatterns, path("bermasalah/", page_with_problems)]


@pytest.mark.urls(__name__)
def test_the_check_catches_a_page_with_problems(live_server, page):
    page.goto(f"{live_server.url}/bermasalah/")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "button-name"} <= found
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def walk(page, live_server, paths):
    """Open each page, run axe, and report every page's problems at once."""
    problems = []
    for url in paths:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{url} answered {response.status}"
        violations = axe_violations(page)
        if violations:
            problems.append(describe(violations, f"{url}: "))
    assert not problems, "axe-core found serious or critical problems:\n" + "\n".join(problems)


@pytest.fixture
def world(db):
    """One of everything the main pages show: a verified, published business with a
    product, an owner with a draft, an officer with members, a buyer with a demand, an aid
    programme with an application."""
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    pimpinan = UserFactory(username="pimpinan", is_staff=True, groups=[roles.PIMPINAN])
    owner = UserFactory(username="pelaku", groups=[roles.PELAKU_IKM])
    business = BusinessFactory(owner=owner, name="Batik Sekar Gedog")
    product = ProductFactory(business=business, name="Kain batik gedog")
    MarketAreaFactory(product=product)
    business_submit(business=business, user=owner)
    business_verify(business=Business.objects.get(pk=business.pk), user=dinas)
    draft = BusinessFactory(owner=owner, name="Kerupuk Ikan Palang")
    officer = OfficerFactory(user=UserFactory(username="pengurus", groups=[roles.PENGURUS_ASOSIASI]))
    MembershipFactory(business=business, association=officer.association)
    MembershipFactory(business=draft, association=officer.association, status=Membership.Status.APPLIED)
    buyer = UserFactory(username="pembeli", groups=[roles.PEMBELI])
    demand = Demand.objects.create(
        title="Kain batik tulis untuk seragam",
        commodity=CommodityGroup.BATIK,
        quantity=100,
        unit=Unit.SHEET,
        delivery_place="Kantor Dinas Pendidikan",
        delivery_kecamatan_id=business.desa.kecamatan_id,
        buyer_name="Dinas Pendidikan",
        posted_by=buyer,
    )
    programme = ProgrammeFactory(name="Bantuan Mesin Jahit 2026")
    application = ApplicationFactory(programme=programme, business=business)
    return {
        "dinas": dinas,
        "pimpinan": pimpinan,
        "owner": owner,
        "business": business,
        "product": product,
        "published": PublishedProduct.objects.get(product=product),
        "draft": draft,
        "officer": officer.user,
        "membership": business.memberships.get(),
        "buyer": buyer,
        "demand": demand,
        "programme": programme,
        "application": application,
    }


def public_pages(w):
    return [
        "/",
        "/katalog/",
        f"/katalog/produk/{w['published'].pk}/",
        "/desa/",
        f"/desa/{w['business'].desa_id}/",
        "/akun/masuk/",
        "/akun/daftar/",
        "/akun/privasi/",
        "/akun/sandi/lupa/",
    ]


def owner_pages(w):
    pk, product = w["business"].pk, w["product"].pk
    return [
        "/usaha/",
        "/usaha/baru/",
        f"/usaha/{pk}/",
        f"/usaha/{pk}/identitas/",
        f"/usaha/{pk}/lokasi/",
        f"/usaha/{pk}/tenaga-kerja/",
        f"/usaha/{pk}/kebutuhan/",
        f"/usaha/{pk}/bantuan/",
        f"/usaha/{pk}/publikasi/",
        f"/usaha/{pk}/produk/",
        f"/usaha/{pk}/produk/{product}/",
        f"/usaha/{pk}/produk/{product}/pemasaran/",
        f"/usaha/{pk}/produk/{product}/produksi/",
        f"/bantuan/usaha/{pk}/",
        "/bantuan/pengumuman/",
        "/permintaan/",
        f"/permintaan/{w['demand'].pk}/",
        "/akun/data-saya/",
    ]


def officer_pages(w):
    return [
        "/asosiasi/anggota/",
        f"/asosiasi/anggota/{w['membership'].pk}/",
        "/asosiasi/pendataan/",
        "/asosiasi/impor/",
        "/pelaporan/asosiasi/",
        "/bantuan/kirim-pengumuman/",
        "/bantuan/kirim-pengumuman/baru/",
    ]


def staff_pages(w):
    return [
        "/dinas/",
        "/dinas/usaha/",
        f"/dinas/usaha/{w['draft'].pk}/",
        "/dinas/duplikat/",
        "/dinas/kualitas-data/",
        "/dinas/impor/",
        "/dasbor/",
        "/dasbor/usaha/",
        "/dasbor/peta/",
        "/desa/sentra/",
        "/katalog/ekatalog/",
        "/bantuan/dinas/",
        f"/bantuan/dinas/program/{w['programme'].pk}/",
        f"/bantuan/dinas/pengajuan/{w['application'].pk}/",
        "/bantuan/dinas/program/baru/",
        "/pelaporan/",
        "/permintaan/ringkasan/",
        "/admin/",
        "/admin/registry/business/",
        # Not the admin's change form: its rows of products and aid are Django's own
        # tabular-inline template (columns named by <th>, inputs without <label>: 11
        # label/select-name findings) and its KBLI field Django's select2 autocomplete
        # (a combobox without a name). Those are the admin's own markup, not ours.
    ]


def pimpinan_pages(w):
    return ["/dasbor/", "/dasbor/usaha/", "/dasbor/peta/", "/katalog/ekatalog/", "/pelaporan/", "/admin/"]


def buyer_pages(w):
    return ["/permintaan/", "/permintaan/baru/", f"/permintaan/{w['demand'].pk}/", "/katalog/"]


def test_public_pages_are_accessible(live_server, page, world):
    walk(page, live_server, public_pages(world))


def test_owner_pages_are_accessible(live_server, page, world):
    log_in(page, live_server, world["owner"])
    walk(page, live_server, owner_pages(world))


def test_officer_pages_are_accessible(live_server, page, world):
    log_in(page, live_server, world["officer"])
    walk(page, live_server, officer_pages(world))


def test_staff_pages_are_accessible(live_server, page, world):
    log_in(page, live_server, world["dinas"])
    walk(page, live_server, staff_pages(world))


def test_pimpinan_pages_are_accessible(live_server, page, world):
    log_in(page, live_server, world["pimpinan"])
    walk(page, live_server, pimpinan_pages(world))


def test_buyer_pages_are_accessible(live_server, page, world):
    log_in(page, live_server, world["buyer"])
    walk(page, live_server, buyer_pages(world))


def test_phone_pages_are_accessible(live_server, phone_page, world):
    walk(phone_page, live_server, public_pages(world)[:5])
    log_in(phone_page, live_server, world["owner"])
    walk(phone_page, live_server, owner_pages(world)[:8])
