"""XSS and spreadsheet-formula payloads typed by an owner or imported by an officer, then looked
for everywhere the text shows up: the owner's pages, the public catalogue, product and desa
pages, the dashboard and its map data, the officer's member pages, Dinas's review page, the
admin, emails, and the xlsx and CSV exports.

In HTML the payload may only appear escaped; in JSON it must parse back to the same text; in
an export every text cell starting with = + - @ tab or CR carries a leading "'".
"""

import csv
import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from registry import services
from registry.models import Business
from tests.factories import MembershipFactory, ProductFactory
from tests.payloads import ALL, FORMULA_STARTS, XSS

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """What a browser would build from the page: tags with attributes, and inline script text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self._in_script = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def assert_html_safe(html, payload, where):
    """The payload is text on the page: it made no element, attribute, handler or script."""
    if any(c in payload for c in '<>"'):
        assert payload not in html, f"{where}: raw payload {payload!r}"
    page = Elements()
    page.feed(html)
    for tag, attrs in page.tags:
        for name, value in attrs:
            # The site's own handlers (onchange=this.form.submit()) are fine; a payload's is not.
            assert not (name.startswith("on") and "alert(" in (value or "")), f"{where}: <{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction") and value:
                assert not value.strip().lower().startswith("javascript:"), f"{where}: <{tag} {name}={value!r}>"
        if tag == "img":
            assert dict(attrs).get("src") != "x", f"{where}: injected <img>"
    assert not any("alert(" in script for script in page.scripts), f"{where}: injected script"


def assert_cells_safe(values, where):
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            raise AssertionError(f"{where}: cell {value!r} would run as a formula")


def xlsx_cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula cell {cell.coordinate}: {cell.value!r}"
                yield cell.value


def csv_cells(content):
    text = content.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        yield from row


def owner_types(client, business, product, payload):
    """The owner saves the payload in every free-text field of the profile and a product."""
    identity = {
        "version": business.version,
        "name": f"Usaha {payload}",
        "brand": payload,
        "legal_form": business.legal_form,
        "owner_name": f"Bu {payload}",
        "owner_gender": business.owner_gender,
        "phone": "081234567890",
        "kbli": business.kbli_id or "",
    }
    response = client.post(reverse("owner:identity", args=[business.pk]), identity)
    assert response.status_code == 302, response.context and response.context["form"].errors
    business.refresh_from_db()
    location = {
        "version": business.version,
        "kecamatan": business.desa.kecamatan_id,
        "desa": business.desa_id,
        "address": f"Jl. {payload}",
    }
    response = client.post(reverse("owner:location", args=[business.pk]), location)
    assert response.status_code == 302, response.context and response.context["form"].errors
    product_data = {
        "version": product.version,
        "name": f"Produk {payload}",
        "category": product.category,
        "kbli": product.kbli_id or "",
        "sku": "SKU-1",
        "unit": product.unit,
        "installed_capacity_per_month": "60",
        "production_capacity_per_month": "40",
        "price": "350.000",
        "description": f"Deskripsi panjang produk ini: {payload}",
        "bahan-TOTAL_FORMS": "1",
        "bahan-INITIAL_FORMS": "0",
        "bahan-0-name": f"Kapas {payload}",
        "bahan-0-origin": "kabupaten",
    }
    url = reverse("owner:product_edit", args=[business.pk, product.pk])
    response = client.post(url, product_data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    needs = {"pelatihan": "on", "pelatihan_description": f"Butuh {payload}"}
    response = client.post(reverse("owner:needs", args=[business.pk]), needs)
    assert response.status_code == 302
    business.refresh_from_db()
    product.refresh_from_db()
    assert business.needs.get().description.startswith("Butuh")
    assert payload.strip() in business.brand or payload.strip() in business.name
    return business, product


@pytest.fixture
def owned(pelaku):
    business = pelaku.businesses.get()
    product = ProductFactory(business=business)
    return business, product


@pytest.mark.parametrize("payload", ALL, ids=[f"p{i}" for i in range(len(ALL))])
def test_owner_typed_payloads_are_escaped_on_every_page_and_neutral_in_every_export(
    payload, client, pelaku, dinas, pengurus, owned
):
    business, product = owned
    client.force_login(pelaku)
    business, product = owner_types(client, business, product, payload)
    pages = [
        reverse("owner:business_overview", args=[business.pk]),
        reverse("owner:identity", args=[business.pk]),
        reverse("owner:location", args=[business.pk]),
        reverse("owner:product_list", args=[business.pk]),
        reverse("owner:product_edit", args=[business.pk, product.pk]),
        reverse("owner:needs", args=[business.pk]),
        reverse("owner:business_list"),
    ]
    for url in pages:
        assert_html_safe(client.get(url).content.decode(), payload, url)

    # Dinas verifies: the profile goes public and the owner gets an email.
    services.business_verify(business=business, user=dinas)
    for message in mail.outbox:
        for body, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_html_safe(body, payload, "email")
        assert "\n" not in message.subject and "\r" not in message.subject

    client.logout()
    public = [reverse("catalogue:list"), reverse("desa:detail", args=[business.desa_id]), reverse("desa:index")]
    from catalogue.models import PublishedProduct

    published = PublishedProduct.objects.get(product=product)
    public.append(reverse("catalogue:product", args=[published.pk]))
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_html_safe(response.content.decode(), payload, url)
    # The text is there, escaped: the checks above looked at a page that shows it.
    product_page = client.get(reverse("catalogue:product", args=[published.pk])).content.decode()
    assert escape(payload.strip()) in product_page

    # Officers see their member.
    MembershipFactory(business=business, association=pengurus.officer_roles.get().association)
    client.force_login(pengurus)
    membership = business.memberships.get()
    for url in [reverse("organizations:member_list"), reverse("organizations:member_detail", args=[membership.pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_html_safe(response.content.decode(), payload, url)

    # Dinas: review page, staff list, dashboard, map data, admin, exports.
    client.force_login(dinas)
    staff_pages = [
        reverse("dinas:review_detail", args=[business.pk]),
        reverse("dinas:business_list") + "?q=Usaha",
        reverse("dashboard:business_list"),
        reverse("dashboard:business_print", args=[business.pk]),
        reverse("admin:registry_business_changelist"),
        reverse("admin:registry_business_change", args=[business.pk]),
        reverse("admin:registry_business_history", args=[business.pk]),
        reverse("catalogue:ekatalog"),
    ]
    for url in staff_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_html_safe(response.content.decode(), payload, url)

    data = client.get(reverse("dashboard:map_data"))
    assert data.status_code == 200
    json.loads(data.content)  # valid JSON whatever the names hold
    assert "<script" not in data.content.decode()

    for dataset in ("businesses", "products"):
        for file_format in ("xlsx", "csv"):
            response = client.get(reverse("dashboard:export", args=[dataset, file_format]))
            assert response.status_code == 200
            content = b"".join(response.streaming_content) if response.streaming else response.content
            cells = list(xlsx_cells(content) if file_format == "xlsx" else csv_cells(content))
            assert_cells_safe(cells, f"{dataset}.{file_format}")
            if payload.startswith(FORMULA_STARTS) and dataset == "businesses":
                assert f"'{payload}" in cells or f"'{payload.strip()}" in cells, f"brand missing in {dataset}"

    response = client.get(reverse("catalogue:ekatalog_export"))
    if response.status_code == 200:
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_cells_safe(list(xlsx_cells(content)), "ekatalog")


def import_workbook(payload):
    from registry import importing

    sheet = importing.TEMPLATE_SHEETS[0]
    headers = [importing._header(importing.SHEETS_BY_KEY["businesses"], n) for n in sheet.template_fields]
    values = {
        "Nama usaha": f"Impor {payload}",
        "Nama pemilik": f"Pak {payload}",
        "Jenis kelamin pemilik": "Laki-laki",
        "Kecamatan": "Kerek",
        "Desa/kelurahan": "Margorejo",
        "Alamat": payload,
    }
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Usaha IKM"
    ws.append(headers)
    ws.append([values.get(h) for h in headers])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.mark.parametrize("payload", XSS, ids=[f"p{i}" for i in range(len(XSS))])
def test_imported_payloads_are_escaped_in_the_preview_and_the_member_pages(payload, client, pengurus):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(pengurus)
    upload = SimpleUploadedFile("anggota.xlsx", import_workbook(payload))
    response = client.post(reverse("organizations:import_upload"), {"file": upload})
    assert response.status_code == 200
    assert_html_safe(response.content.decode(), payload, "import preview")
    response = client.post(reverse("organizations:import_confirm"))
    assert response.status_code == 200
    assert_html_safe(response.content.decode(), payload, "import result")
    business = Business.objects.get(name=f"Impor {payload.strip()}")
    assert business.address == payload.strip()
    membership = business.memberships.get()
    for url in [reverse("organizations:member_list"), reverse("organizations:member_detail", args=[membership.pk])]:
        assert_html_safe(client.get(url).content.decode(), payload, url)


@pytest.mark.parametrize("payload", [p for p in ALL if p.lstrip()[:1] in "=+-@"])
def test_imported_formula_text_is_stored_as_text_and_exported_neutralised(payload, client, pengurus, dinas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(pengurus)
    upload = SimpleUploadedFile("anggota.xlsx", import_workbook(payload))
    response = client.post(reverse("organizations:import_upload"), {"file": upload})
    if b"rumus" in response.content.lower() or b"formula" in response.content.lower():
        return  # refused as a formula cell, with a message naming it: also safe
    client.post(reverse("organizations:import_confirm"))
    client.force_login(dinas)
    for file_format in ("xlsx", "csv"):
        response = client.get(reverse("dashboard:export", args=["businesses", file_format]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_cells_safe(list(xlsx_cells(content) if file_format == "xlsx" else csv_cells(content)), file_format)
