"""Dinas staff log in to the admin in real Chromium and find a business by its NIB."""

import pytest

from tests.factories import BusinessFactory, ProductFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)


def test_dinas_staff_logs_in_and_finds_a_business_by_nib(live_server, page):
    from tuban_ikm.roles import sync_roles

    sync_roles()  # groups are flushed between transactional tests
    UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS], password="kata-sandi-dinas")
    wanted = BusinessFactory(name="Batik Tulis Sekar Ayu", nib="8120001234567")
    ProductFactory(business=wanted, name="Kain batik gedog lurik")
    BusinessFactory(name="Terasi Udang Bu Sri", nib="8120009999999")

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "dinas")
    page.fill("#id_password", "kata-sandi-dinas")
    page.click("input[type=submit]")
    assert page.locator("#site-name").inner_text() == "Registri IKM Tuban"

    page.goto(f"{live_server.url}/admin/registry/business/")
    page.fill("#searchbar", "8120001234567")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**/admin/registry/business/?q=8120001234567")
    page.wait_for_load_state()
    results = page.locator("#result_list tbody tr")
    assert results.count() == 1
    assert "Batik Tulis Sekar Ayu" in results.first.inner_text()

    results.first.locator("th a").click()
    assert page.locator("#id_nib").input_value() == "8120001234567"
    assert "Kain batik gedog lurik" in page.content()


def test_home_page_is_readable_on_a_phone(live_server, phone_page):
    phone_page.goto(live_server.url + "/")
    heading = phone_page.locator("h1")
    assert heading.inner_text() == "Registri Industri Kecil Menengah Kabupaten Tuban"
    # Nothing wider than the screen: no sideways scrolling at 360 px.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
