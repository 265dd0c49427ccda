"""Staff pages: e-katalog readiness and its export, sentra IKM, and who may open them."""

from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from catalogue.models import SentraIkm
from registry.models import Certification, CommodityGroup, Unit
from tests.factories import BusinessFactory, ProductFactory, desa

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_business(publish):
    business = publish(
        name='=HYPERLINK("http://x")',
        nib="1234567890123",
        npwp="013000666091000",
        certifications=[Certification.Kind.MEREK, Certification.Kind.TKDN],
        photo=True,
    )
    product = business.products.get()
    product.sku = "-SKU-01"
    product.save()
    return business


def test_ekatalog_pages_need_the_product_permissions(client, pelaku, pimpinan, dinas):
    list_url, export_url = reverse("catalogue:ekatalog"), reverse("catalogue:ekatalog_export")
    assert client.get(list_url).status_code == 302
    client.force_login(pelaku)
    assert client.get(list_url).status_code == 403
    assert client.get(export_url).status_code == 403
    for user in (pimpinan, dinas):
        client.force_login(user)
        assert client.get(list_url).status_code == 200
        assert client.get(export_url).status_code == 200


def test_ekatalog_list_shows_what_is_missing(client, dinas, ready_business, publish):
    publish(name="Belum Siap")
    client.force_login(dinas)
    html = client.get(reverse("catalogue:ekatalog")).content.decode()
    assert "Siap" in html and "Sertifikat TKDN" in html and "NIB usaha" in html
    ready = client.get(reverse("catalogue:ekatalog"), {"siap": "1"}).context["rows"]
    assert [row[0].business.name for row in ready] == [ready_business.name]


def test_export_holds_ready_products_with_numbers_and_escaped_text(client, dinas, ready_business, publish):
    publish(name="Belum Siap")
    client.force_login(dinas)
    response = client.get(reverse("catalogue:ekatalog_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Nama penyedia"] == '\'=HYPERLINK("http://x")'
    assert row["SKU"] == "'-SKU-01"
    assert row["Harga satuan (Rp)"] == 350000 and isinstance(row["Harga satuan (Rp)"], int | float)
    assert row["Nilai TKDN (%)"] == 40
    assert row["NIB"] == "1234567890123"
    assert row["Foto"].startswith("http://testserver/media/produk/")


def test_sentra_found_from_five_active_businesses_and_confirmed_by_staff(client, dinas, pelaku):
    for n in range(5):
        ProductFactory(business=BusinessFactory(name=f"Tenun {n}", desa=desa("35.23.08.2001")))
    closed = BusinessFactory(name="Tutup", desa=desa("35.23.08.2002"), status="tutup")
    for n in range(4):
        ProductFactory(business=BusinessFactory(name=f"Empat {n}", desa=desa("35.23.08.2002")))
    ProductFactory(business=closed)
    url = reverse("desa:sentra")
    client.force_login(pelaku)
    assert client.get(url).status_code == 403
    client.force_login(dinas)
    candidates = client.get(url).context["candidates"]
    assert [(c["desa"], c["commodity"], c["businesses"]) for c in candidates] == [("35.23.08.2001", "kain_batik", 5)]
    client.post(url, {"desa": "35.23.08.2001", "commodity": "kain_batik"})
    sentra = SentraIkm.objects.get()
    assert sentra.business_count == 5 and sentra.confirmed_by == dinas
    client.post(url, {"desa": "35.23.08.2002", "commodity": "kain_batik"})
    assert SentraIkm.objects.count() == 1
    assert "Sentra IKM" in client.get(reverse("desa:detail", args=["35.23.08.2001"])).content.decode()


@pytest.mark.parametrize("size", [2, 10])
def test_ekatalog_list_uses_a_bounded_number_of_queries(client, dinas, publish, size, django_assert_max_num_queries):
    for n in range(size):
        publish(name=f"U{n}", products=[(f"P{n}", CommodityGroup.BATIK, Unit.SHEET, "5", "100")], photo=True)
    client.force_login(dinas)
    # +1: the footer's contact details or the inbox count (base.html).
    # +1: the layout now reads the unread-notice count and Dinas's contact details for the footer.
    with django_assert_max_num_queries(12):
        client.get(reverse("catalogue:ekatalog"))
    with django_assert_max_num_queries(12):
        client.get(reverse("catalogue:ekatalog_export"))
