"""The owner's personal-data rights: see and download everything held, ask for
correction or deletion (UU 27/2022)."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import DataRequest
from tests.factories import (
    AssistanceFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    MembershipFactory,
    NeedFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)
from tuban_ikm import roles

pytestmark = pytest.mark.django_db
MY_DATA = reverse("accounts:my_data")
DATA_REQUEST = reverse("accounts:data_request")


def fill(business, products=1):
    """Give a business products with every kind of record below them."""
    for _ in range(products):
        product = ProductFactory(business=business)
        CertificationFactory(product=product)
        MarketAreaFactory(product=product)
        ProductionReportFactory(product=product)
    NeedFactory(business=business)
    AssistanceFactory(business=business)
    MembershipFactory(business=business)
    return business


@pytest.fixture
def owner_client(client, pelaku, other_pelaku):
    fill(pelaku.businesses.get())
    fill(other_pelaku.businesses.get())
    client.force_login(pelaku)
    return client


def workbook_text(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return workbook, {str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row}


def test_anonymous_visitor_is_sent_to_log_in(client):
    for url in (MY_DATA, f"{MY_DATA}?format=json", DATA_REQUEST):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_my_data_page_lists_the_account_and_own_businesses_only(owner_client, pelaku):
    response = owner_client.get(MY_DATA)
    html = response.content.decode()
    assert response.status_code == 200
    assert pelaku.email in html
    assert "Batik Sekar Gedog" in html
    assert "Terasi Gadon Jaya" not in html
    for section in ("Produk", "Sertifikasi", "Wilayah pemasaran", "Laporan produksi", "Kebutuhan", "Bantuan"):
        assert section in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_json_download_holds_only_the_users_own_businesses(owner_client, pelaku):
    response = owner_client.get(MY_DATA, {"format": "json"})
    assert response["Content-Disposition"].startswith('attachment; filename="data-saya-')
    assert "Terasi Gadon Jaya" not in response.content.decode()
    data = json.loads(response.content)
    assert data["account"]["email"] == pelaku.email
    [business] = data["businesses"]
    assert business["name"] == "Batik Sekar Gedog"
    assert business["workers_female"] == 3
    assert business["investment"] == 25000000
    [product] = business["products"]
    assert product["price"] == 350000 and product["unit"] == "lembar"
    assert len(product["certifications"]) == len(product["market_areas"]) == len(product["production_reports"]) == 1
    assert len(business["needs"]) == len(business["assistance"]) == len(business["memberships"]) == 1


def test_xlsx_download_holds_only_own_data_with_numbers_as_numbers(owner_client):
    response = owner_client.get(MY_DATA, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook, text = workbook_text(response.content)
    assert "Batik Sekar Gedog" in text
    assert "Terasi Gadon Jaya" not in text
    assert workbook.sheetnames[:3] == ["Akun", "Usaha", "Produk"]
    for title in ("Sertifikasi", "Wilayah pemasaran", "Laporan produksi", "Kebutuhan", "Bantuan", "Keanggotaan"):
        assert title in workbook.sheetnames
    products = workbook["Produk"]
    headers = [cell.value for cell in products[1]]
    price = products.cell(row=2, column=headers.index("Harga per satuan (Rp)") + 1).value
    assert isinstance(price, int | float) and price == 350000


def test_xlsx_escapes_text_that_a_spreadsheet_would_run_as_a_formula(client, pelaku):
    business = pelaku.businesses.get()
    ProductFactory(business=business, name='=HYPERLINK("x")', description="@SUM(A1)", sku="-1+2")
    client.force_login(pelaku)
    workbook, text = workbook_text(client.get(MY_DATA, {"format": "xlsx"}).content)
    assert '\'=HYPERLINK("x")' in text and "'@SUM(A1)" in text and "'-1+2" in text
    assert not any(str(value).startswith("=") for value in text)
    assert workbook["Usaha"]["A2"].data_type == "s"


def test_my_data_query_count_does_not_grow_with_businesses_and_products(client, django_assert_max_num_queries):
    user = UserFactory(groups=[roles.PELAKU_IKM])
    fill(BusinessFactory(owner=user))
    client.force_login(user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MY_DATA).status_code == 200
    for _ in range(3):
        fill(BusinessFactory(owner=user), products=3)
    with django_assert_max_num_queries(len(few)):
        response = client.get(MY_DATA)
    assert len(response.context["businesses"]) == 4
    assert len(few) <= 20
    for export_format in ("json", "xlsx"):
        with django_assert_max_num_queries(len(few) + 2):
            client.get(MY_DATA, {"format": export_format})


def test_data_request_reaches_every_dinas_staff_member_with_an_email(
    owner_client, pelaku, dinas, pimpinan, django_capture_on_commit_callbacks
):
    second_staff = UserFactory(username="dinas2", groups=[roles.STAF_DINAS])
    UserFactory(username="dinas_tanpa_email", email="", groups=[roles.STAF_DINAS])
    UserFactory(username="dinas_nonaktif", is_active=False, groups=[roles.STAF_DINAS])
    business = pelaku.businesses.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            DATA_REQUEST, {"kind": "hapus", "business": business.pk, "message": "Usaha sudah tutup."}, follow=True
        )
    assert response.redirect_chain[-1][0] == MY_DATA
    assert "Permintaan Anda sudah kami terima" in response.content.decode()
    request = DataRequest.objects.get()
    assert (request.user, request.business, request.kind, request.status) == (pelaku, business, "hapus", "baru")
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [dinas.email, second_staff.email]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Usaha sudah tutup." in mail.outbox[0].body
    assert reverse("admin:accounts_datarequest_change", args=[request.pk]) in mail.outbox[0].body


def test_data_request_cannot_name_another_owners_business(
    owner_client, other_pelaku, dinas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            DATA_REQUEST,
            {"kind": "koreksi", "business": other_pelaku.businesses.get().pk, "message": "Ubah data ini."},
        )
    assert response.status_code == 200
    assert "business" in response.context["form"].errors
    assert not DataRequest.objects.exists()
    assert mail.outbox == []


def test_data_request_form_offers_only_own_businesses(owner_client, pelaku):
    choices = [label for value, label in owner_client.get(DATA_REQUEST).context["form"].fields["business"].choices]
    assert "Batik Sekar Gedog" in choices
    assert "Terasi Gadon Jaya" not in choices


def test_data_request_about_the_whole_account_needs_no_business(client, pelaku, django_capture_on_commit_callbacks):
    client.force_login(pelaku)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(DATA_REQUEST, {"kind": "hapus", "business": "", "message": "Hapus akun saya."})
    assert DataRequest.objects.get().business is None


def test_my_data_shows_the_status_and_dinas_response_of_own_requests(client, pelaku, other_pelaku):
    DataRequest.objects.create(user=pelaku, kind="koreksi", message="Alamat salah", status="selesai", response="Sudah")
    DataRequest.objects.create(user=other_pelaku, kind="hapus", message="Permintaan orang lain")
    client.force_login(pelaku)
    html = client.get(MY_DATA).content.decode()
    assert "Alamat salah" in html and "Selesai" in html
    assert "Permintaan orang lain" not in html


def test_dinas_handles_a_request_in_the_admin_filtered_by_status(dinas_client, dinas, pelaku):
    request = DataRequest.objects.create(user=pelaku, kind="hapus", message="Tolong hapus")
    DataRequest.objects.create(user=pelaku, kind="koreksi", message="Sudah beres", status="selesai")
    changelist = reverse("admin:accounts_datarequest_changelist")
    response = dinas_client.get(changelist, {"status__exact": "baru"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = dinas_client.post(
        reverse("admin:accounts_datarequest_change", args=[request.pk]),
        {"status": "selesai", "response": "Data sudah dihapus."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "selesai"
    assert request.handled_by == dinas and request.handled_at is not None


def test_owner_and_pimpinan_cannot_open_data_requests_in_the_admin(client, pelaku, pimpinan):
    for user in (pelaku, pimpinan):
        client.force_login(user)
        assert client.get(reverse("admin:accounts_datarequest_changelist")).status_code in (302, 403)


def test_money_survives_the_export_as_an_exact_number(client, pelaku):
    business = pelaku.businesses.get()
    business.yearly_sales = Decimal("1500000.50")
    business.save()
    client.force_login(pelaku)
    data = json.loads(client.get(MY_DATA, {"format": "json"}).content)
    assert data["businesses"][0]["yearly_sales"] == 1500000.5
