"""The owner's profile on a 390 x 844 phone: the section menu is at the top (not 1,500 px
down under the form), the sticky save bar is one line, and no page is wider than the
screen (a wider page makes the phone zoom out and the sticky bar stop sticking).

Screenshots land in test-artifacts/phone/ for a person to look at.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import open_context
from tests.browser.test_accessibility import log_in
from tests.factories import BusinessFactory, MarketAreaFactory, ProductFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "phone"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, browser_problems):
    context = open_context(browser, browser_problems, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    browser_problems.assert_none()


def test_profile_sections_and_save_bar_fit_a_phone(live_server, phone):
    owner = UserFactory(username="pelaku", groups=[roles.PELAKU_IKM])
    business = BusinessFactory(owner=owner, name="Batik Sekar Gedog")
    product = ProductFactory(business=business, name="Kain batik gedog")
    MarketAreaFactory(product=product)
    log_in(phone, live_server, owner)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    base = f"/usaha/{business.pk}/"
    for name, url in [
        ("overview", base),
        ("identity", f"{base}identitas/"),
        ("location", f"{base}lokasi/"),
        ("products", f"{base}produk/"),
        ("product", f"{base}produk/{product.pk}/"),
        ("markets", f"{base}produk/{product.pk}/pemasaran/"),
    ]:
        phone.goto(f"{live_server.url}{url}")
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], f"{url} is wider"
        menu = phone.locator("nav[data-section-menu]")
        assert menu.is_visible()
        box = menu.bounding_box()
        assert box["y"] < 450 and box["height"] < 70, f"{url}: section menu at {box}"
        # The sidebar list is for wide screens only: one menu, not two.
        assert phone.get_by_role("navigation", name="Bagian profil usaha").count() == 1
        current = menu.locator("[aria-current=page]")
        assert current.count() == 1
        # The menu scrolls sideways; the current section is scrolled into view (site.js).
        shown = current.bounding_box()
        assert box["x"] - 1 <= shown["x"] and shown["x"] + shown["width"] <= box["x"] + box["width"] + 1, url
        phone.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        bar = phone.locator(".save-bar")
        if bar.count():
            buttons = bar.first.locator(".btn")
            tops = {round(buttons.nth(i).bounding_box()["y"]) for i in range(buttons.count())}
            assert len(tops) == 1, f"{url}: save bar buttons on {len(tops)} lines"
            box = bar.first.bounding_box()
            assert box["height"] < 80
            # Sticky: at the bottom of the screen while the form goes on below.
            assert box["y"] + box["height"] <= PHONE["height"] + 2, f"{url}: save bar at {box}"
