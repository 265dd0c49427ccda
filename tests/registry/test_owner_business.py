"""The owner's overview: status, completeness, e-katalog readiness per product, and
"Kirim untuk verifikasi", with a fixed number of queries however many products there are."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from registry import services
from registry.models import Business
from tests.factories import (
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    ProductFactory,
    ProductionReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    business = pelaku.businesses.get()
    business.phone = "+6281234567890"
    business.save()
    return business


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


def overview(client, business):
    return client.get(reverse("owner:business_overview", args=[business.pk]))


def submit(client, business):
    return client.post(reverse("owner:submit", args=[business.pk]), follow=True)


# --- Status flow ----------------------------------------------------------------------------


def test_a_draft_shows_konsep_and_the_submit_button(owner_client, business):
    response = overview(owner_client, business)
    assert "Konsep" in response.text
    assert "Kirim untuk verifikasi" in response.text
    assert reverse("owner:submit", args=[business.pk]) in response.text


def test_owner_submits_a_profile_with_a_product(owner_client, business):
    ProductFactory(business=business)
    response = submit(owner_client, business)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED
    assert "Profil dikirim untuk verifikasi." in response.text
    assert "Menunggu verifikasi" in response.text
    assert f'action="{reverse("owner:submit", args=[business.pk])}"' not in response.text


def test_a_profile_without_products_is_not_submitted_and_the_owner_is_told_why(owner_client, business):
    response = submit(owner_client, business)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.DRAFT
    assert "Tambahkan minimal satu produk sebelum mengirim untuk verifikasi." in response.text
    assert "alert-danger" in response.text


def test_editing_a_verified_profile_sends_it_back_while_the_public_keeps_the_verified_data(
    owner_client, business, dinas
):
    ProductFactory(business=business)
    services.business_verify(business=business, user=dinas)
    snapshot = Business.objects.get(pk=business.pk).published_snapshot

    response = owner_client.post(
        reverse("owner:identity", args=[business.pk]),
        {
            "name": "Batik Sekar Gedog Baru",
            "legal_form": "ud",
            "owner_name": business.owner_name,
            "owner_gender": "P",
            "phone": business.phone,
        },
        follow=True,
    )

    business.refresh_from_db()
    assert business.name == "Batik Sekar Gedog Baru"
    assert business.verification_status == Business.Verification.SUBMITTED
    assert business.published_snapshot == snapshot
    assert business.published_snapshot["name"] == "Batik Sekar Gedog"
    assert "Masyarakat tetap melihat data terverifikasi terakhir" in response.text
    assert "Masyarakat masih melihat data terverifikasi terakhir" in overview(owner_client, business).text


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("workers", {"workers_male": "3", "workers_female": "3", "investment": "30.000.000"}),
        ("needs", {"alat": "on"}),
        ("publication", {"publish_phone": "on"}),
        ("location", {"kecamatan": "35.23.08", "desa": "35.23.08.2008", "address": "Jl. Baru 2"}),
        ("assistance", {"assistance-TOTAL_FORMS": "0", "assistance-INITIAL_FORMS": "0"}),
    ],
)
def test_every_section_save_sends_a_verified_profile_back_to_dinas(owner_client, business, dinas, url_name, data):
    ProductFactory(business=business)
    services.business_verify(business=business, user=dinas)
    response = owner_client.post(reverse(f"owner:{url_name}", args=[business.pk]), data)
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_an_invalid_save_leaves_a_verified_profile_verified(owner_client, business, dinas):
    ProductFactory(business=business)
    services.business_verify(business=business, user=dinas)
    owner_client.post(reverse("owner:workers", args=[business.pk]), {"workers_male": "x", "workers_female": "0"})
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.VERIFIED


def test_a_returned_profile_shows_the_dinas_note_and_the_fields_to_fix(owner_client, business, dinas):
    services.business_return(
        business=business,
        user=dinas,
        note="NIB belum sesuai OSS.\nAlamat kurang lengkap.",
        fields_to_fix=["nib", "address"],
    )
    response = overview(owner_client, business)
    assert "Dikembalikan untuk diperbaiki" in response.text
    assert "NIB belum sesuai OSS.<br>Alamat kurang lengkap." in response.text
    assert response.context["fields_to_fix"] == [
        ("NIB", reverse("owner:identity", args=[business.pk])),
        ("Alamat", reverse("owner:location", args=[business.pk])),
    ]
    assert "Kirim untuk verifikasi" in response.text


def test_a_returned_profile_can_be_submitted_again(owner_client, business, dinas):
    ProductFactory(business=business)
    services.business_return(business=business, user=dinas, note="Lengkapi NIB")
    submit(owner_client, business)
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_a_verified_profile_says_so_without_a_submit_button(owner_client, business, dinas):
    ProductFactory(business=business)
    services.business_verify(business=business, user=dinas)
    response = overview(owner_client, business)
    assert "Terverifikasi." in response.text
    assert "Kirim untuk verifikasi" not in response.text


# --- Completeness and e-katalog readiness ---------------------------------------------------


def test_overview_lists_what_is_missing_with_a_link_to_its_section(owner_client, business):
    response = overview(owner_client, business)
    missing = dict(response.context["missing"])
    assert missing["NIB"] == reverse("owner:identity", args=[business.pk])
    assert missing["Minimal satu produk"] == reverse("owner:product_list", args=[business.pk])
    assert "Alamat dan desa" not in missing
    assert f"{response.context['completeness'].score}%" in response.text


def test_a_complete_profile_scores_100(owner_client, business):
    Business.objects.filter(pk=business.pk).update(nib="1234567890123", year_started=2010)
    product = ProductFactory(business=business)
    product.photos.create(image="produk/x.jpg")
    MarketAreaFactory(product=product)
    ProductionReportFactory(product=product)
    response = overview(owner_client, business)
    assert response.context["completeness"].score == 100
    assert "Semua data utama sudah terisi." in response.text


def test_each_product_shows_what_it_lacks_for_the_e_katalog(owner_client, business):
    product = ProductFactory(business=business, name="Kain gedog biru", sku="")
    CertificationFactory(product=product, kind="merek")
    response = overview(owner_client, business)
    row = response.context["products"][0]
    labels = [label for label, _url in row["missing"]]
    assert "SKU" in labels and "Sertifikat TKDN" in labels
    assert "Merek terdaftar (DJKI)" not in labels
    assert dict(row["missing"])["SKU"] == reverse("owner:product_edit", args=[business.pk, product.pk])
    assert f"{row['checklist'].score}%" in response.text


def test_section_navigation_marks_done_and_missing_sections(owner_client, business):
    response = owner_client.get(reverse("owner:location", args=[business.pk]))
    assert reverse("owner:product_list", args=[business.pk]) in response.text
    sections = {s.key: s.state for s in response.context["sections"]}
    assert sections["location"] == "done"
    assert sections["identity"] == "missing"  # no NIB yet
    assert sections["needs"] == "optional"


# --- Query counts ---------------------------------------------------------------------------


def fill(business, products):
    for _ in range(products):
        product = ProductFactory(business=business)
        CertificationFactory(product=product)
        MarketAreaFactory(product=product)
        ProductionReportFactory(product=product)


@pytest.mark.parametrize("products", [3, 15])
def test_business_list_needs_the_same_queries_for_3_or_15_products(
    owner_client, pelaku, business, products, django_assert_max_num_queries
):
    fill(business, products)
    fill(BusinessFactory(owner=pelaku, name="Tenun Gedog Lestari"), products)
    # 8 for the profiles, one for unread notifications, one for matching demand (catalogue),
    # one for the open reporting requests (reporting).
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(13):
        response = owner_client.get(reverse("owner:business_list"))
    assert response.status_code == 200
    assert "Tenun Gedog Lestari" in response.text


@pytest.mark.parametrize("products", [3, 15])
def test_business_overview_needs_the_same_queries_for_3_or_15_products(
    owner_client, business, products, django_assert_max_num_queries
):
    fill(business, products)
    # 7 for the profile and its products, one for the open reporting request.
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(11):
        response = overview(owner_client, business)
    assert len(response.context["products"]) == products


@pytest.mark.parametrize("url_name", ["identity", "location", "workers", "needs", "assistance", "publication"])
def test_section_pages_need_a_fixed_number_of_queries(owner_client, business, url_name, django_assert_max_num_queries):
    fill(business, 10)
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(13):
        owner_client.get(reverse(f"owner:{url_name}", args=[business.pk]))


def test_section_navigation_works_with_only_the_business_in_context(
    business, rf, pelaku, django_assert_max_num_queries
):
    fill(business, 5)
    request = rf.get(reverse("owner:product_list", args=[business.pk]))
    request.user = pelaku
    request.resolver_match = None
    with django_assert_max_num_queries(5):
        html = render_to_string("registry/_business_sections.html", {"business": business}, request=request)
    assert reverse("owner:product_list", args=[business.pk]) in html
    assert "Lengkap" in html
