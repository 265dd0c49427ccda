"""The pages whose scripts and styles moved out of the HTML for the Content-Security-Policy
still work and still look right in Chromium, with the policy enforced.

The `page` fixture (conftest.py) fails a test on any CSP violation or JavaScript error.
Screenshots land in test-artifacts/csp/ for a person to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from dashboard.boundaries import read_boundaries
from dashboard.models import Boundary
from organizations.drives import drive_start
from organizations.models import DataDrive
from registry.models import Business
from registry.services import business_submit
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

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "csp"


def page_that_breaks_the_policy(request):
    return HttpResponse(
        '<!doctype html><p style="color: red">x</p><button onclick="alert(1)">b</button><script>var a = 1;</script>'
    )


# Used by test_a_page_that_breaks_the_policy_is_caught only (pytest.mark.urls).
urlpatterns = [*site_urlpatterns, path("melanggar/", page_that_breaks_the_policy)]


@pytest.mark.urls(__name__)
def test_a_page_that_breaks_the_policy_is_caught(live_server, page, browser_problems):
    page.goto(f"{live_server.url}/melanggar/")
    page.wait_for_timeout(500)
    refused = " ".join(browser_problems.violations)
    assert "style-src-attr" in refused and "script-src-attr" in refused and "script-src-elem" in refused
    # Seen here on purpose: the fixture would otherwise fail this test at teardown.
    browser_problems.violations.clear()


def log_in(page, live_server, user):
    """Share a server-side session with the browser instead of typing a password."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def bar_share(locator):
    """How much of its track a progress bar fills, 0-100, as drawn."""
    return locator.evaluate(
        "bar => Math.round(100 * bar.getBoundingClientRect().width / bar.parentElement.clientWidth)"
    )


def test_owner_pages_work_and_look_right_under_the_policy(live_server, page):
    owner = UserFactory(username="pelaku", groups=[roles.PELAKU_IKM])
    business = BusinessFactory(owner=owner, name="Batik Sekar Gedog")
    product = ProductFactory(business=business, name="Kain batik gedog")
    MarketAreaFactory(product=product)
    log_in(page, live_server, owner)

    # The completeness bar is drawn at the score (its width is a class now, not a style).
    page.goto(f"{live_server.url}/usaha/{business.pk}/")
    score = business.completeness().score
    assert 0 < score < 100
    assert abs(bar_share(page.locator(".progress-bar.bg-success").first) - score) <= 1
    assert page.locator(".progress-h-125").first.evaluate("el => el.getBoundingClientRect().height") == 20
    shot(page, "owner-overview")

    # Product pages: the stylesheet that was inline still applies (tabs with borders).
    page.goto(f"{live_server.url}/usaha/{business.pk}/produk/{product.pk}/pemasaran/")
    tab = page.locator(".product-tabs .nav-link:not(.active)").first
    assert tab.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    # "Tambah wilayah" (static/js/formset.js) adds a row; the level shows only its own field
    # (static/js/product_markets.js).
    rows = page.locator("[data-market-row]:visible")
    before = rows.count()
    page.click("[data-formset-add]")
    assert rows.count() == before + 1
    new_row = rows.last
    assert new_row.locator("[data-field=country]").is_hidden()
    new_row.locator("[data-field=level] select").select_option("ekspor")
    assert new_row.locator("[data-field=country]").is_visible()
    assert new_row.locator("[data-field=kecamatan]").is_hidden()
    shot(page, "product-markets")

    # The language picker sends its form on change (static/js/site.js), no button needed.
    # wait_for_load_state() may return before the form's navigation starts: wait for it.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"


def test_officer_confirmations_ask_first_under_the_policy(live_server, page):
    officer = OfficerFactory(user=UserFactory(username="pengurus", groups=[roles.PENGURUS_ASOSIASI]))
    association = officer.association
    for name in ("Batik Sekar", "Terasi Gadon"):
        MembershipFactory(business=BusinessFactory(name=name), association=association)
    drive = drive_start(
        association=association, deadline=timezone.localdate() + timedelta(days=30), started_by=officer.user
    )
    log_in(page, live_server, officer.user)

    page.goto(f"{live_server.url}/asosiasi/pendataan/{drive.pk}/")
    shot(page, "drive-detail")
    # Saying no to the question keeps the drive running ...
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("button:has-text('Tutup pendataan')")
    page.wait_for_timeout(300)
    drive.refresh_from_db()
    assert drive.status == DataDrive.Status.OPEN
    # ... saying yes closes it.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Tutup pendataan')")
    page.wait_for_load_state()
    drive.refresh_from_db()
    assert drive.status != DataDrive.Status.OPEN

    page.goto(f"{live_server.url}/asosiasi/anggota/")
    shot(page, "member-list")


def test_staff_pages_dashboard_map_and_admin_work_under_the_policy(live_server, page):
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    owners = [UserFactory(username=f"pelaku{n}", groups=[roles.PELAKU_IKM]) for n in range(3)]
    businesses = [BusinessFactory(name=f"Batik Kerek {n}", owner=owner) for n, owner in enumerate(owners)]
    for business in businesses:
        ProductFactory(business=business)
        business_submit(business=business, user=business.owner)
    square = [[[111.8, -6.9], [111.9, -6.9], [111.9, -7.0], [111.8, -7.0], [111.8, -6.9]]]
    feature = {
        "type": "Feature",
        "properties": {"kode": businesses[0].desa_id},
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    Boundary.objects.bulk_create(read_boundaries({"type": "FeatureCollection", "features": [feature]}))
    log_in(page, live_server, dinas)

    # "Pilih semua" ticks every business of the review queue.
    page.goto(f"{live_server.url}/dinas/")
    page.check("input[data-select-all]")
    boxes = page.locator("input[name=selected]")
    assert boxes.count() == 3
    assert all(boxes.nth(i).is_checked() for i in range(3))
    shot(page, "review-queue")

    page.goto(f"{live_server.url}/dasbor/")
    shot(page, "dashboard")
    # The map: Leaflet from our static files draws the desa and its legend, no violation.
    page.goto(f"{live_server.url}/dasbor/peta/")
    page.wait_for_selector("#map path.leaflet-interactive")
    assert page.locator(".map-legend .swatch").count() >= 1
    shot(page, "map")

    # The admin, with its own scripts (actions, filters, calendar) and the history list.
    page.goto(f"{live_server.url}/admin/registry/business/")
    page.check("#action-toggle")
    assert page.locator(".action-counter").inner_text().startswith("3 ")
    shot(page, "admin-changelist")
    business = Business.objects.get(pk=businesses[0].pk)
    page.goto(f"{live_server.url}/admin/registry/business/{business.pk}/change/")
    shot(page, "admin-change")
    page.goto(f"{live_server.url}/admin/registry/business/{business.pk}/history/")
    assert page.locator("#change-history").is_visible()
    shot(page, "admin-history")
