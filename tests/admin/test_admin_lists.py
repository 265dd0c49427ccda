"""Searching and filtering the admin lists finds what staff look for."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from registry.models import Business, Certification, Kecamatan
from tests.factories import BusinessFactory, CertificationFactory, ProductFactory, desa

pytestmark = pytest.mark.django_db

BUSINESSES = reverse_lazy("admin:registry_business_changelist")


def names(response):
    return sorted(str(obj) for obj in response.context["cl"].result_list)


def test_searching_businesses_by_nib_finds_the_business(dinas_client):
    BusinessFactory(name="Batik Tulis Sekar Ayu", nib="8120001234567")
    BusinessFactory(name="Terasi Udang Bu Sri", nib="8120009999999")
    response = dinas_client.get(BUSINESSES, {"q": "8120001234567"})
    assert names(response) == ["Batik Tulis Sekar Ayu"]


def test_searching_businesses_by_a_phone_written_the_local_way_finds_it(dinas_client):
    BusinessFactory(name="Kerupuk Ikan Palang", phone="+6281234567890")
    BusinessFactory(name="Ikan Asin Bulu")
    response = dinas_client.get(BUSINESSES, {"q": "0812-3456-7890"})
    assert names(response) == ["Kerupuk Ikan Palang"]


def test_businesses_are_filtered_by_kecamatan(dinas_client):
    BusinessFactory(name="Batik Kerek")
    BusinessFactory(name="Terasi Gadon", desa=desa("35.23.06.2008"))
    kerek = Kecamatan.objects.get(name="Kerek")
    response = dinas_client.get(BUSINESSES, {"desa__kecamatan__code__exact": kerek.code})
    assert names(response) == ["Batik Kerek"]
    # The filter lists kecamatan by name.
    assert ">Kerek</a>" in response.content.decode()


def test_businesses_are_filtered_by_their_computed_classes(dinas_client):
    BusinessFactory(name="Tenun Kecil", workers_male=2, workers_female=3, investment=Decimal("50000000"))
    BusinessFactory(name="Pabrik Besar", workers_male=300, workers_female=20, investment=Decimal("20000000000"))
    response = dinas_client.get(BUSINESSES, {"industry_class": Business.IndustryClass.BESAR})
    assert names(response) == ["Pabrik Besar"]
    response = dinas_client.get(BUSINESSES, {"umkm_class_by_capital": "mikro"})
    assert names(response) == ["Tenun Kecil"]


def test_a_large_industry_is_flagged_as_outside_ikm_on_its_page(dinas_client):
    big = BusinessFactory(name="Pabrik Besar", workers_male=300, investment=Decimal("20000000000"))
    response = dinas_client.get(reverse("admin:registry_business_change", args=[big.pk]))
    html = response.content.decode()
    assert "Industri Besar (di luar IKM)" in html
    assert "Industri Besar</div>" in html
    assert 'alt="True"' in html


def test_certifications_are_filtered_by_validity(dinas_client):
    today = timezone.localdate()
    CertificationFactory(number="IDM000000001", issued_on=today - timedelta(days=800), expires_on=today - timedelta(1))
    CertificationFactory(number="IDM000000002", issued_on=today - timedelta(days=700), expires_on=today + timedelta(30))
    CertificationFactory(number="IDM000000003", issued_on=today - timedelta(days=10), expires_on=today + timedelta(900))
    CertificationFactory(number="IDM000000004", issued_on=None, expires_on=None)
    url = reverse("admin:registry_certification_changelist")

    def numbers(validity):
        response = dinas_client.get(url, {"masa_berlaku": validity})
        return sorted(c.number for c in response.context["cl"].result_list)

    assert numbers("kedaluwarsa") == ["IDM000000001"]
    assert numbers("segera") == ["IDM000000002"]
    assert numbers("berlaku") == ["IDM000000003", "IDM000000004"]
    assert Certification.objects.count() == 4


def test_products_are_filtered_by_the_kecamatan_of_their_business(dinas_client):
    ProductFactory(name="Kain tenun gedog")
    ProductFactory(name="Terasi udang", business=BusinessFactory(desa=desa("35.23.06.2008")))
    gadon_kecamatan = desa("35.23.06.2008").kecamatan
    response = dinas_client.get(
        reverse("admin:registry_product_changelist"), {"business__desa__kecamatan__code__exact": gadon_kecamatan.code}
    )
    assert names(response) == ["Terasi udang"]


def test_desa_autocomplete_tells_the_two_margorejo_apart(dinas_client):
    response = dinas_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "business", "field_name": "desa", "term": "margorejo"},
    )
    assert response.status_code == 200
    labels = sorted(result["text"] for result in response.json()["results"])
    assert labels == ["Margorejo, Kerek", "Margorejo, Parengan"]


def test_dinas_staff_register_a_business_with_a_product_through_the_admin(dinas_client):
    data = {
        "name": "Anyaman Lontar Tunah",
        "legal_form": "perorangan",
        "nib": "",
        "npwp": "",
        "owner_name": "Sumiati",
        "owner_gender": "P",
        "phone": "0812 3456 7890",
        "address": "Dusun Tunah",
        "desa": "35.23.08.2008",
        "status": "aktif",
        "workers_male": "1",
        "workers_female": "4",
        "investment": "15000000",
        "products-TOTAL_FORMS": "1",
        "products-INITIAL_FORMS": "0",
        "products-0-name": "Tas anyaman lontar",
        "products-0-category": "anyaman",
        "products-0-unit": "buah",
        "needs-TOTAL_FORMS": "0",
        "needs-INITIAL_FORMS": "0",
        "assistance-TOTAL_FORMS": "0",
        "assistance-INITIAL_FORMS": "0",
    }
    response = dinas_client.post(reverse("admin:registry_business_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    business = Business.objects.get(name="Anyaman Lontar Tunah")
    assert business.phone == "+6281234567890"
    assert business.industry_class == Business.IndustryClass.KECIL
    assert list(business.products.values_list("name", flat=True)) == ["Tas anyaman lontar"]
    assert business.history.get().history_user.username == "dinas"
