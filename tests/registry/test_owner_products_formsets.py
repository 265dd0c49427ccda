"""Owner product sub-pages: photos, certifications, market areas and production reports."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from registry.models import Business, Certification, Kecamatan, ProductionReport, ProductPhoto
from registry.product_forms import MAX_PHOTO_BYTES, PHOTO_MAX_SIDE
from tests.factories import CertificationFactory, MarketAreaFactory, ProductFactory, ProductionReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def product(business):
    return ProductFactory(business=business, name="Kain batik gedog motif kijing miring")


@pytest.fixture
def other_product(other_pelaku):
    return ProductFactory(business=other_pelaku.businesses.get(), name="Terasi udang rebon")


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def url(name, product):
    return reverse(f"owner:{name}", kwargs={"pk": product.business_id, "product_pk": product.pk})


def formset_data(prefix, rows, initial=0):
    """POST data for a formset: `rows` are dicts of field -> value, the first `initial` saved ones."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{index}-{field}"] = "" if value is None else str(value)
    return data


def image_file(name="kain.png", size=(40, 30), image_format="PNG", **save_options):
    buffer = BytesIO()
    Image.new("RGB", size, (180, 60, 20)).save(buffer, format=image_format, **save_options)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def add_photo(product, position=0):
    return ProductPhoto.objects.create(product=product, image=image_file(), position=position)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# --- Photos -------------------------------------------------------------------------------


def test_photo_input_lets_a_phone_use_its_camera(owner_client, product):
    content = owner_client.get(url("product_photos", product)).content.decode()
    assert 'accept="image/*"' in content
    assert 'enctype="multipart/form-data"' in content


def test_owner_uploads_a_photo_with_a_caption(owner_client, product):
    response = owner_client.post(
        url("product_photos", product),
        {"upload": "1", "foto-image": image_file(), "foto-caption": "Tampak depan"},
        follow=True,
    )
    photo = product.photos.get()
    assert photo.caption == "Tampak depan"
    assert photo.image.name.startswith(f"produk/{product.pk}/")
    assert "kain" not in photo.image.name  # the phone's file name is not kept
    assert "Foto tersimpan." in messages_of(response)


def test_a_large_phone_photo_is_shrunk_and_loses_its_location_data(owner_client, product):
    exif = Image.Exif()
    exif[0x8825] = {2: (7.0, 5.0, 30.0)}  # GPSInfo: where the photo was taken
    upload = image_file("IMG_20250101.jpg", size=(3200, 2400), image_format="JPEG", exif=exif)
    owner_client.post(url("product_photos", product), {"upload": "1", "foto-image": upload})
    with product.photos.get().image.open() as stored, Image.open(stored) as image:
        assert max(image.size) == PHOTO_MAX_SIDE
        assert image.format == "JPEG"
        assert not image.getexif()


def test_a_file_that_is_not_an_image_is_refused_in_indonesian(owner_client, product):
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 bukan gambar", content_type="image/jpeg")
    response = owner_client.post(url("product_photos", product), {"upload": "1", "foto-image": fake})
    assert response.status_code == 200
    assert response.context["upload_form"].errors["image"] == [
        "Berkas ini bukan gambar. Unggah foto JPG, PNG atau WebP."
    ]
    assert "Berkas ini bukan gambar" in response.content.decode()
    assert not product.photos.exists()


def test_an_image_in_another_format_is_refused(owner_client, product):
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    gif = SimpleUploadedFile("foto.gif", buffer.getvalue(), content_type="image/gif")
    response = owner_client.post(url("product_photos", product), {"upload": "1", "foto-image": gif})
    assert response.context["upload_form"].errors["image"] == [
        "Format foto tidak didukung. Unggah foto JPG, PNG atau WebP."
    ]


def test_a_photo_that_is_too_large_is_refused_before_it_is_opened(owner_client, product):
    big = SimpleUploadedFile("besar.jpg", b"\xff\xd8" + b"0" * MAX_PHOTO_BYTES, content_type="image/jpeg")
    response = owner_client.post(url("product_photos", product), {"upload": "1", "foto-image": big})
    [error] = response.context["upload_form"].errors["image"]
    assert error.startswith("Foto terlalu besar")
    assert "10 MB" in error
    assert not product.photos.exists()


def test_owner_edits_captions_chooses_the_main_photo_and_deletes_a_photo(owner_client, business, product):
    first, second = add_photo(product, 0), add_photo(product, 1)
    data = formset_data(
        "keterangan",
        [
            {"id": first.pk, "product": product.pk, "caption": "Motif kijing miring"},
            {"id": second.pk, "product": product.pk, "caption": "Kemasan"},
        ],
        initial=2,
    )
    assert owner_client.post(url("product_photos", product), data).status_code == 302
    assert list(product.photos.values_list("caption", flat=True)) == ["Motif kijing miring", "Kemasan"]

    owner_client.post(url("product_photos", product), {"make_main": second.pk})
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk, first.pk]

    owner_client.post(url("product_photos", product), {"delete_photo": first.pk})
    assert list(product.photos.values_list("pk", flat=True)) == [second.pk]


def test_another_products_photo_cannot_be_deleted_through_my_product(owner_client, product, other_product):
    foreign = add_photo(other_product)
    response = owner_client.post(url("product_photos", product), {"delete_photo": foreign.pk})
    assert response.status_code == 404
    assert ProductPhoto.objects.filter(pk=foreign.pk).exists()


# --- Certifications -----------------------------------------------------------------------

CERT_FIELDS = ("kind", "number", "issued_on", "expires_on", "tkdn_percent")


def cert_row(**values):
    row = {"kind": "pirt", "number": "", "issued_on": "", "expires_on": "", "tkdn_percent": ""}
    row.update(values)
    return row


def test_certificate_dates_use_the_phones_date_picker(owner_client, product):
    content = owner_client.get(url("product_certifications", product)).content.decode()
    assert 'type="date"' in content


def test_owner_adds_a_pirt_certificate_typed_with_a_dash(owner_client, product):
    data = formset_data(
        "sertifikat", [cert_row(number="2063523010123-29", issued_on="2024-03-01", expires_on="2029-03-01")]
    )
    response = owner_client.post(url("product_certifications", product), data)
    assert response.status_code == 302
    certificate = product.certifications.get()
    assert certificate.number == "206352301012329"


def test_a_pirt_number_of_five_digits_is_refused_next_to_the_field(owner_client, product):
    data = formset_data("sertifikat", [cert_row(number="12345")])
    response = owner_client.post(url("product_certifications", product), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["number"] == [
        "Nomor P-IRT harus 15 angka, contoh 1234567890123-45."
    ]
    content = response.content.decode()
    assert "Nomor P-IRT harus 15 angka" in content
    assert 'value="12345"' in content
    assert not product.certifications.exists()


def test_tkdn_needs_its_percentage_written_the_indonesian_way(owner_client, product):
    address = url("product_certifications", product)
    response = owner_client.post(address, formset_data("sertifikat", [cert_row(kind="tkdn", number="TKDN/2025/1")]))
    assert response.context["formset"].forms[0].errors["tkdn_percent"] == ["Isi nilai TKDN dalam persen."]
    owner_client.post(
        address, formset_data("sertifikat", [cert_row(kind="tkdn", number="TKDN/2025/1", tkdn_percent="45,5")])
    )
    assert product.certifications.get().tkdn_percent == Decimal("45.5")


def test_expiry_before_issue_is_refused(owner_client, product):
    data = formset_data(
        "sertifikat", [cert_row(kind="sni", number="SNI 8302", issued_on="2025-05-01", expires_on="2024-05-01")]
    )
    response = owner_client.post(url("product_certifications", product), data)
    assert response.context["formset"].forms[0].errors["expires_on"]


def test_expired_and_soon_expiring_certificates_are_flagged(owner_client, product):
    today = timezone.localdate()
    CertificationFactory(product=product, kind="halal", number="ID3511000012345", expires_on=today - timedelta(days=1))
    CertificationFactory(product=product, kind="merek", number="IDM000123", expires_on=today + timedelta(days=30))
    CertificationFactory(product=product, kind="sni", number="SNI 1", expires_on=today + timedelta(days=400))
    response = owner_client.get(url("product_certifications", product))
    states = {form.instance.kind: form.expiry_state for form in response.context["formset"].initial_forms}
    assert states == {"halal": "expired", "merek": "expiring", "sni": ""}
    content = response.content.decode()
    assert "Kedaluwarsa" in content
    assert "Berakhir 30 hari lagi" in content


def test_owner_deletes_a_certificate(owner_client, product):
    certificate = CertificationFactory(product=product)
    row = {field: getattr(certificate, field) or "" for field in CERT_FIELDS}
    data = formset_data("sertifikat", [{"id": certificate.pk, "product": product.pk, **row, "DELETE": "on"}], initial=1)
    assert owner_client.post(url("product_certifications", product), data).status_code == 302
    assert not Certification.objects.filter(pk=certificate.pk).exists()


# --- Market areas -------------------------------------------------------------------------


def market_row(**values):
    row = {
        "level": "kabupaten",
        "kecamatan": "",
        "region_code": "",
        "country": "",
        "share_percent": "",
        "channel": "langsung",
    }
    row.update(values)
    return row


def test_market_shares_above_100_across_the_formset_are_refused_and_nothing_is_saved(owner_client, product):
    data = formset_data(
        "pasar",
        [market_row(share_percent="60"), market_row(level="nasional", share_percent="50", channel="marketplace")],
    )
    response = owner_client.post(url("product_markets", product), data)
    assert response.status_code == 200
    [error] = response.context["formset"].non_form_errors()
    assert error == "Jumlah porsi penjualan semua wilayah paling banyak 100%; yang diisi 110%."
    assert "paling banyak 100%" in response.content.decode()
    assert not product.market_areas.exists()


def test_shares_can_be_moved_between_saved_market_areas(owner_client, product):
    local = MarketAreaFactory(product=product, level="kabupaten", share_percent=Decimal("60"))
    national = MarketAreaFactory(product=product, level="nasional", share_percent=Decimal("40"), channel="marketplace")
    data = formset_data(
        "pasar",
        [
            {"id": local.pk, "product": product.pk, **market_row(share_percent="40")},
            {
                "id": national.pk,
                "product": product.pk,
                **market_row(level="nasional", share_percent="60", channel="marketplace"),
            },
        ],
        initial=2,
    )
    response = owner_client.post(url("product_markets", product), data)
    assert response.status_code == 302
    national.refresh_from_db()
    assert national.share_percent == Decimal("60")


def test_a_deleted_row_does_not_count_towards_100_percent(owner_client, product):
    old = MarketAreaFactory(product=product, share_percent=Decimal("80"))
    data = formset_data(
        "pasar",
        [
            {"id": old.pk, "product": product.pk, **market_row(share_percent="80"), "DELETE": "on"},
            market_row(level="provinsi", region_code="35.78", share_percent="90", channel="reseller"),
        ],
        initial=1,
    )
    assert owner_client.post(url("product_markets", product), data).status_code == 302
    assert list(product.market_areas.values_list("region_code", flat=True)) == ["35.78"]  # Kota Surabaya


def test_export_without_a_country_is_refused(owner_client, product):
    data = formset_data("pasar", [market_row(level="ekspor", share_percent="20", channel="ekspor")])
    response = owner_client.post(url("product_markets", product), data)
    assert response.context["formset"].forms[0].errors["country"] == ["Sebutkan negara tujuan ekspor."]
    assert not product.market_areas.exists()
    data = formset_data("pasar", [market_row(level="ekspor", country="MY", share_percent="20", channel="ekspor")])
    assert owner_client.post(url("product_markets", product), data).status_code == 302


def test_kecamatan_is_asked_for_the_kecamatan_level_only(owner_client, product):
    kerek = Kecamatan.objects.get(code="35.23.08")
    address = url("product_markets", product)
    response = owner_client.post(address, formset_data("pasar", [market_row(level="kecamatan", share_percent="30")]))
    assert response.context["formset"].forms[0].errors["kecamatan"] == ["Pilih kecamatan tujuan."]
    data = formset_data(
        "pasar",
        [
            market_row(level="kecamatan", kecamatan=kerek.pk, share_percent="30"),
            market_row(level="nasional", kecamatan=kerek.pk, share_percent="30", channel="marketplace"),
        ],
    )
    assert owner_client.post(address, data).status_code == 302
    assert dict(product.market_areas.values_list("level", "kecamatan")) == {"kecamatan": kerek.pk, "nasional": None}


def test_a_verified_business_goes_back_to_submitted_after_a_market_change(owner_client, business, product):
    business.verification_status = Business.Verification.VERIFIED
    business.save()
    owner_client.post(url("product_markets", product), formset_data("pasar", [market_row(share_percent="100")]))
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


# --- Production reports -------------------------------------------------------------------


def report_row(**values):
    row = {
        "year": "2025",
        "semester": "1",
        "quantity": "200",
        "production_value": "Rp 70.000.000",
        "raw_material_value": "30.000.000",
    }
    row.update(values)
    return row


def test_owner_saves_a_draft_report_with_rupiah_values(owner_client, product):
    response = owner_client.post(url("product_reports", product), formset_data("laporan", [report_row()]))
    assert response.status_code == 302
    report = product.production_reports.get()
    assert report.status == ProductionReport.Status.DRAFT
    assert report.production_value == Decimal("70000000")
    assert report.raw_material_value == Decimal("30000000")


def test_two_reports_for_the_same_period_are_refused_with_a_clear_message(owner_client, product):
    data = formset_data("laporan", [report_row(), report_row(quantity="150")])
    response = owner_client.post(url("product_reports", product), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["semester"] == [
        "Laporan Semester I 2025 untuk produk ini sudah ada. Ubah laporan itu, jangan membuat baru."
    ]
    assert not product.production_reports.exists()


def test_a_new_report_cannot_take_the_period_of_a_report_already_sent(owner_client, product):
    ProductionReportFactory(product=product, year=2025, semester=1, status=ProductionReport.Status.VERIFIED)
    response = owner_client.post(url("product_reports", product), formset_data("laporan", [report_row()]))
    assert response.status_code == 200
    assert "Laporan Semester I 2025 untuk produk ini sudah ada" in response.content.decode()
    assert product.production_reports.count() == 1


def test_a_future_year_is_refused(owner_client, product):
    next_year = str(timezone.localdate().year + 1)
    response = owner_client.post(url("product_reports", product), formset_data("laporan", [report_row(year=next_year)]))
    assert response.context["formset"].forms[0].errors["year"] == ["Tahun laporan tidak boleh di masa depan."]


def test_owner_submits_a_draft_report_to_dinas(owner_client, business, product):
    report = ProductionReportFactory(product=product)
    data = formset_data("laporan", [{"id": report.pk, "product": product.pk, **report_row(quantity="210")}], initial=1)
    data["submit_report"] = str(report.pk)
    response = owner_client.post(url("product_reports", product), data, follow=True)
    report.refresh_from_db()
    assert report.status == ProductionReport.Status.SUBMITTED
    assert report.quantity == Decimal("210")  # what was typed is saved before sending
    assert "Tersimpan. Laporan Semester I 2025 dikirim ke Dinas." in messages_of(response)


def test_a_returned_report_shows_the_reason_and_can_be_corrected_and_sent_again(owner_client, product):
    report = ProductionReportFactory(
        product=product, status=ProductionReport.Status.RETURNED, return_reason="Nilai produksi terlalu kecil."
    )
    address = url("product_reports", product)
    assert "Nilai produksi terlalu kecil." in owner_client.get(address).content.decode()
    data = formset_data(
        "laporan",
        [{"id": report.pk, "product": product.pk, **report_row(production_value="90.000.000")}],
        initial=1,
    )
    data["submit_report"] = str(report.pk)
    owner_client.post(address, data)
    report.refresh_from_db()
    assert report.status == ProductionReport.Status.SUBMITTED
    assert report.production_value == Decimal("90000000")
    assert report.return_reason == ""


@pytest.mark.parametrize("status", [ProductionReport.Status.SUBMITTED, ProductionReport.Status.VERIFIED])
def test_reports_already_sent_are_shown_but_cannot_be_changed(owner_client, product, status):
    report = ProductionReportFactory(product=product, status=status)
    address = url("product_reports", product)
    response = owner_client.get(address)
    assert response.context["locked_reports"] == [report]
    assert response.context["formset"].initial_form_count() == 0
    assert "Rp70.000.000" in response.content.decode()
    # A crafted POST naming that report's id is refused and changes nothing.
    data = formset_data("laporan", [{"id": report.pk, "product": product.pk, **report_row(quantity="1")}], initial=1)
    data["submit_report"] = str(report.pk)
    assert owner_client.post(address, data).status_code == 200
    report.refresh_from_db()
    assert report.quantity == Decimal("200")
    assert report.status == status


def test_another_products_report_cannot_be_submitted_through_my_product(owner_client, product, other_product):
    foreign = ProductionReportFactory(product=other_product)
    data = formset_data("laporan", [])
    data["submit_report"] = str(foreign.pk)
    assert owner_client.post(url("product_reports", product), data).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ProductionReport.Status.DRAFT


def test_a_verified_business_goes_back_to_submitted_after_a_report_is_saved(owner_client, business, product):
    business.verification_status = Business.Verification.VERIFIED
    business.save()
    owner_client.post(url("product_reports", product), formset_data("laporan", [report_row()]))
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


# --- Query counts -------------------------------------------------------------------------


def make_rows(product, page, count):
    for index in range(count):
        if page == "product_photos":
            add_photo(product, index)
        elif page == "product_certifications":
            CertificationFactory(product=product)
        elif page == "product_markets":
            MarketAreaFactory(product=product, share_percent=Decimal("5"), kecamatan_id="35.23.08", level="kecamatan")
        elif page == "product_reports":
            # Half of them already sent (shown read-only), half editable.
            status = ProductionReport.Status.VERIFIED if index % 2 else ProductionReport.Status.DRAFT
            ProductionReportFactory(product=product, year=2010 + index, status=status)
        elif page == "product_edit":
            product.raw_materials.create(name=f"Bahan {index}", origin="desa")


# +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
FORMSET_PAGE_MAX_QUERIES = 15


@pytest.mark.parametrize(
    "page", ["product_edit", "product_photos", "product_certifications", "product_markets", "product_reports"]
)
@pytest.mark.parametrize("count", [3, 15])
def test_each_product_page_runs_a_fixed_number_of_queries(
    owner_client, product, django_assert_max_num_queries, page, count
):
    make_rows(product, page, count)
    with django_assert_max_num_queries(FORMSET_PAGE_MAX_QUERIES):
        response = owner_client.get(url(page, product))
    assert response.status_code == 200


def test_market_places_are_chosen_by_code_and_must_fit_the_reach(owner_client, product):
    address = url("product_markets", product)
    html = owner_client.get(address).content.decode()
    assert '<option value="35.22">Kabupaten Bojonegoro, Jawa Timur</option>' in html
    assert '<option value="MY">Malaysia</option>' in html
    data = formset_data("pasar", [market_row(level="nasional", region_code="35.22", share_percent="20")])
    response = owner_client.post(address, data)
    assert response.context["formset"].forms[0].errors["region_code"] == [
        "Kabupaten/kota ini di Jawa Timur: pilih jangkauan “Provinsi Jawa Timur”."
    ]
    data = formset_data("pasar", [market_row(level="nasional", region_code="Semarang", share_percent="20")])
    assert "region_code" in owner_client.post(address, data).context["formset"].forms[0].errors
    data = formset_data("pasar", [market_row(level="nasional", region_code="33.74", share_percent="20")])
    assert owner_client.post(address, data).status_code == 302
    area = product.market_areas.get()
    assert area.place == "Kota Semarang, Jawa Tengah"
