"""The payload list (tests/payloads.py) through the owner and officer forms that
test_payloads.py does not cover: certificate numbers, owner-reported assistance, the demand
board (a buyer's demand, an owner's offer), the drive title an officer types, the data
request message and the reporting cycle's raw materials. Each is looked for where it shows:
the owner's, officer's and Dinas pages, public demand pages, admin change pages, emails (after
the commit callbacks ran) and the exports that carry the field.

Skipped on purpose: market areas (choices and percentages only), production reports and
the aid application form (numbers, choices and files only).
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import DataRequest
from catalogue.models import Demand, Offer, PublishedProduct
from organizations.models import DataDrive
from registry import services as registry_services
from registry.models import Assistance, Business, Certification, Product
from reporting import services as reporting_services
from reporting.models import PeriodReport
from tests.factories import CertificationFactory, MembershipFactory, ProductFactory, UserFactory
from tests.ops.test_payloads import assert_cells_safe, assert_html_safe, csv_cells, xlsx_cells
from tests.payloads import ALL, FORMULA_STARTS
from tests.registry.test_owner_products_formsets import cert_row, formset_data
from tests.registry.test_owner_sections import assistance_row, management
from tuban_ikm import roles

pytestmark = pytest.mark.django_db

IDS = [f"p{i}" for i in range(len(ALL))]


def pages_safe(client, urls, payload, *, variants=()):
    """Every page answers 200 and shows the payload (and its stored variants) only as text."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for text in (payload, *variants):
            assert_html_safe(html, text, url)


def shown_escaped(client, url, text):
    """The text is really on the page, escaped: the checks looked at a page that shows it.
    (Line breaks may come back as \n or <br>: each line is looked for.)"""
    html = client.get(url).content.decode()
    for line in text.splitlines():
        assert escape(line) in html, (url, line)


def emails_safe(payload):
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        for body, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                assert_html_safe(body, payload, "email")


def export_cells(client, dataset, file_format):
    response = client.get(reverse("dashboard:export", args=[dataset, file_format]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(xlsx_cells(content) if file_format == "xlsx" else csv_cells(content))


@pytest.fixture
def buyer(db):
    return UserFactory(username="pembeli", groups=[roles.PEMBELI])


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def product(business):
    return ProductFactory(business=business, name="Kain batik gedog")


@pytest.mark.parametrize("payload", ALL, ids=IDS)
@pytest.mark.parametrize("kind", ["sni", "merek", "tkdn"])
def test_a_certificate_number_is_escaped_on_every_page_and_neutral_in_exports(
    payload, kind, client, pelaku, dinas, business, product
):
    client.force_login(pelaku)
    address = reverse("owner:product_certifications", args=[business.pk, product.pk])
    # The payload opens the number, so that a formula would run in the e-katalog sheet.
    row = cert_row(kind=kind, number=payload, tkdn_percent="40" if kind == "tkdn" else "")
    response = client.post(address, formset_data("sertifikat", [row]))
    if response.status_code == 200:  # refused next to the field: the number format of this kind
        assert not Certification.objects.exists()
        assert_html_safe(response.content.decode(), payload, "refused form")
        return
    assert response.status_code == 302
    certificate = product.certifications.get(kind=kind)
    stored = certificate.number  # numbers are stored upper-cased
    pages_safe(
        client,
        [
            address,
            reverse("owner:product_list", args=[business.pk]),
            reverse("owner:business_overview", args=[business.pk]),
        ],
        payload,
        variants=[stored],
    )
    shown_escaped(client, address, stored)
    client.force_login(dinas)
    pages_safe(
        client,
        [
            reverse("dinas:review_detail", args=[business.pk]),
            reverse("admin:registry_certification_changelist"),
            reverse("admin:registry_certification_change", args=[certificate.pk]),
            reverse("admin:registry_product_change", args=[product.pk]),
            reverse("catalogue:ekatalog"),
        ],
        payload,
        variants=[stored],
    )
    for file_format in ("xlsx", "csv"):
        assert_cells_safe(export_cells(client, "products", file_format), f"products.{file_format}")

    # Made ready for the e-katalog (the other certificates, NIB, NPWP, SKU, price, photo, a
    # description) and verified: public with its certificates and in the e-katalog sheet.
    for other in {"merek", "tkdn"} - {kind}:
        CertificationFactory(product=product, kind=other, number="IDM000123456", tkdn_percent=Decimal("40"))
    Business.objects.filter(pk=business.pk).update(nib="1234567890123", npwp="012345678901234")
    Product.objects.filter(pk=product.pk).update(
        sku="SKU-1", price=Decimal("350000"), description="Kain batik gedog tulis tangan dari Kerek, Tuban."
    )
    product.photos.create(image="produk/x.jpg")
    business.refresh_from_db()
    registry_services.business_verify(business=business, user=dinas)
    published = PublishedProduct.objects.get(product=product)
    pages_safe(client, [reverse("catalogue:ekatalog")], payload, variants=[stored])
    client.logout()
    pages_safe(client, [reverse("catalogue:product", args=[published.pk])], payload, variants=[stored])
    client.force_login(dinas)
    response = client.get(reverse("catalogue:ekatalog_export"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    cells = list(xlsx_cells(content))
    assert_cells_safe(cells, "ekatalog")
    if kind in ("merek", "tkdn") and stored.startswith(FORMULA_STARTS):
        assert any(isinstance(cell, str) and cell.startswith("'") and stored in cell for cell in cells), cells


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_owner_reported_assistance_is_escaped_on_every_page_and_neutral_in_exports(
    payload, client, pelaku, dinas, business
):
    client.force_login(pelaku)
    address = reverse("owner:assistance", args=[business.pk])
    row = assistance_row(0, programme=payload, agency=f"Dinas {payload}", item=f"Alat {payload}")
    response = client.post(address, {**management(1, 0), **row})
    assert response.status_code == 302, response.context and response.context["formset"].errors
    assistance = Assistance.objects.get(business=business)
    assert assistance.item.endswith(payload.strip())
    pages_safe(client, [address, reverse("owner:business_overview", args=[business.pk])], payload)
    shown_escaped(client, address, assistance.programme)
    client.force_login(dinas)
    pages_safe(
        client,
        [
            reverse("dinas:review_detail", args=[business.pk]),
            reverse("admin:registry_assistance_changelist"),
            reverse("admin:registry_assistance_change", args=[assistance.pk]),
            reverse("admin:registry_business_change", args=[business.pk]),
        ],
        payload,
    )
    for file_format in ("xlsx", "csv"):
        cells = export_cells(client, "assistance", file_format)
        assert_cells_safe(cells, f"assistance.{file_format}")
        if assistance.programme.startswith(FORMULA_STARTS):
            assert f"'{assistance.programme}" in cells, f"programme missing in assistance.{file_format}"


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_a_demand_and_an_offer_are_escaped_on_the_demand_board_and_in_the_admin(
    payload, client, buyer, pelaku, dinas, business, django_capture_on_commit_callbacks
):
    client.force_login(buyer)
    data = {
        "title": f"Butuh {payload}",
        "commodity": "makanan_minuman",
        "quantity": "1.500",
        "unit": "bungkus",
        "needed_by": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "delivery_place": f"Gudang {payload}",
        "delivery_kecamatan": "35.23.16",
        "specification": f"Spesifikasi {payload}",
        "budget_min": "1.000.000",
        "budget_max": "2.000.000",
        "buyer_name": f"Pembeli {payload}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("demand:create"), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    demand = Demand.objects.get()
    detail = reverse("demand:detail", args=[demand.pk])
    board = [reverse("demand:list"), detail]
    pages_safe(client, board, payload)
    shown_escaped(client, detail, demand.specification)

    client.force_login(pelaku)
    offer = {"business": business.pk, "quantity": "30", "price": "300.000", "lead_time_days": "14"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {**offer, "note": f"Catatan {payload}"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Offer.objects.get().note.endswith(payload.strip())
    pages_safe(client, board, payload)
    emails_safe(payload)

    client.force_login(buyer)  # the poster sees the offers
    pages_safe(client, [detail], payload)
    shown_escaped(client, detail, Offer.objects.get().note)
    client.force_login(dinas)
    pages_safe(
        client,
        [
            *board,
            reverse("demand:summary"),
            reverse("admin:catalogue_demand_changelist"),
            reverse("admin:catalogue_demand_change", args=[demand.pk]),
        ],
        payload,
    )


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_the_drive_title_an_officer_types_is_escaped_on_its_pages_the_notice_and_the_admin(
    payload, client, pengurus, pelaku, dinas, business, django_capture_on_commit_callbacks
):
    association = pengurus.officer_roles.get().association
    MembershipFactory(business=business, association=association)
    client.force_login(pengurus)
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("organizations:drive_start"),
        {"association": association.pk, "title": f"Pendataan {payload}", "deadline": deadline},
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    drive = DataDrive.objects.get()
    detail = reverse("organizations:drive_detail", args=[drive.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organizations:drive_remind", args=[drive.pk]), follow=True)
    assert_html_safe(response.content.decode(), payload, "after reminding")
    pages_safe(client, [reverse("organizations:drive_list"), detail], payload)
    shown_escaped(client, detail, drive.title)
    # The reminder email is plain text: the title as typed, nothing turned into entities.
    [message] = mail.outbox
    assert drive.title in message.body
    emails_safe(payload)

    client.force_login(pelaku)  # the owner's notice
    pages_safe(
        client, [reverse("owner:business_overview", args=[business.pk]), reverse("owner:business_list")], payload
    )
    client.force_login(dinas)
    pages_safe(
        client,
        [
            reverse("admin:organizations_datadrive_changelist"),
            reverse("admin:organizations_datadrive_change", args=[drive.pk]),
            reverse("admin:organizations_drivereminder_changelist"),
        ],
        payload,
    )


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_a_data_request_message_is_escaped_in_the_admin_and_sent_as_typed(
    payload, client, pelaku, dinas, django_capture_on_commit_callbacks
):
    client.force_login(pelaku)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_request"), {"kind": "hapus", "message": f"Tolong {payload}"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    request = DataRequest.objects.get()
    assert request.message.endswith(payload.strip())
    pages_safe(client, [reverse("accounts:data_request")], payload)
    [message] = mail.outbox
    assert request.message in message.body  # plain text: as typed
    emails_safe(payload)
    client.force_login(dinas)
    pages_safe(
        client,
        [
            reverse("admin:accounts_datarequest_changelist"),
            reverse("admin:accounts_datarequest_change", args=[request.pk]),
        ],
        payload,
    )
    shown_escaped(client, reverse("admin:accounts_datarequest_change", args=[request.pk]), request.message)


@pytest.mark.parametrize("payload", ALL, ids=IDS)
def test_reported_raw_material_names_are_escaped_for_the_owner_and_dinas(
    payload, client, pelaku, dinas, business, product
):
    from tests.reporting.test_cycle import form_data

    period = reporting_services.period_open(
        year=2025, semester=2, deadline=timezone.localdate() + timedelta(days=20), opened_by=dinas
    )
    client.force_login(pelaku)
    address = reverse("reporting:report_edit", args=[business.pk])
    data = form_data(product, **{"bahan-0-name": f"Bahan {payload}", "bahan-0-origin": "kabupaten"})
    response = client.post(address, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    report = PeriodReport.objects.get(period=period, business=business)
    name = report.raw_materials.get().name
    assert name.endswith(payload.strip())
    pages_safe(client, [address, reverse("owner:business_overview", args=[business.pk])], payload)
    client.force_login(dinas)
    review = reverse("reporting:report_review", args=[report.pk])
    pages_safe(
        client,
        [
            reverse("reporting:period_detail", args=[period.pk]),
            review,
            reverse("admin:reporting_periodreport_change", args=[report.pk]),
        ],
        payload,
    )
    shown_escaped(client, review, name)
