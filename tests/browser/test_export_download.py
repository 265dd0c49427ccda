"""A Dinas officer downloads the "CSV untuk Excel" from the business list: the file a
spreadsheet opens by double-click (BOM, semicolons, identifiers kept as text)."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import BusinessFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db(transaction=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "export"


def test_dinas_downloads_the_csv_for_excel_from_the_business_list(live_server, page):
    BusinessFactory(name="Kopi Ngarè", nib="0220000000001")
    dinas = UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])
    client = Client()
    client.force_login(dinas)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"{live_server.url}/dasbor/usaha/")
    card = page.locator("#ekspor")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(ARTIFACTS / "export-card.png"))
    link = card.get_by_role("link", name="CSV untuk Excel").first
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-excel.csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    row = next(row for row in rows if row[header.index("Nama usaha")] == "Kopi Ngarè")
    assert row[header.index("NIB")] == '="0220000000001"'
