"""Only verified data of active businesses, as last verified, reaches the public catalogue;
private contact details never do."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.models import PublishedBusiness, PublishedProduct
from catalogue.services import publish_business
from registry.models import Business, Certification
from registry.services import business_record_owner_edit
from tests.factories import BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db

PRIVATE_PHONE = "+6281299887766"


def test_verifying_a_business_publishes_its_products(publish):
    business = publish(certifications=[Certification.Kind.HALAL])
    published = PublishedBusiness.objects.get(business=business)
    product = PublishedProduct.objects.get(business=published)
    assert product.name == "Kain batik gedog"
    assert product.kecamatan_id == "35.23.08"
    assert [c.kind for c in product.certifications.all()] == ["halal"]
    assert "margorejo" in product.search_text and "kerek" in product.search_text


def test_unverified_products_never_appear(client, publish):
    publish(name="Usaha Terverifikasi")
    draft = BusinessFactory(name="Usaha Konsep Rahasia", phone=PRIVATE_PHONE)
    ProductFactory(business=draft, name="Produk Belum Diverifikasi")
    html = client.get(reverse("catalogue:list")).content.decode()
    assert "Kain batik gedog" in html
    assert "Produk Belum Diverifikasi" not in html
    assert "Usaha Konsep Rahasia" not in html
    html = client.get(reverse("catalogue:list"), {"q": "Diverifikasi"}).content.decode()
    assert "Produk Belum Diverifikasi" not in html


def test_private_phone_never_appears_in_catalogue_html(client, publish):
    business = publish(phone=PRIVATE_PHONE, email="rahasia@example.id", address="Jl. Rumah Pribadi 7")
    product = PublishedProduct.objects.get(business__business=business)
    for url in (
        reverse("catalogue:list"),
        reverse("catalogue:product", args=[product.pk]),
        reverse("desa:detail", args=["35.23.08.2008"]),
    ):
        html = client.get(url).content.decode()
        assert PRIVATE_PHONE not in html and "812998877" not in html
        assert "rahasia@example.id" not in html
        assert "Rumah Pribadi" not in html
        assert business.owner_name not in html


def test_consented_contact_details_are_shown(client, publish):
    business = publish(phone=PRIVATE_PHONE, publish_phone=True, email="toko@example.id", publish_email=True)
    product = PublishedProduct.objects.get(business__business=business)
    html = client.get(reverse("catalogue:product", args=[product.pk])).content.decode()
    assert PRIVATE_PHONE in html
    assert "toko@example.id" in html
    assert business.address not in html  # address not consented


def test_an_owners_unverified_edit_does_not_reach_the_public(client, publish):
    business = publish()
    product = business.products.get()
    product.name = "Nama Baru Belum Diverifikasi"
    product.price = 1
    product.save()
    business_record_owner_edit(business=business)
    html = client.get(reverse("catalogue:list")).content.decode()
    assert "Kain batik gedog" in html
    assert "Nama Baru Belum Diverifikasi" not in html


def test_a_closed_business_leaves_the_catalogue(client, publish):
    business = publish()
    product = PublishedProduct.objects.get()
    business.status = Business.Status.CLOSED
    business.save()
    assert not PublishedBusiness.objects.exists()
    assert client.get(reverse("catalogue:product", args=[product.pk])).status_code == 404


def test_republishing_replaces_rows_and_is_safe_twice(publish):
    business = publish()
    publish_business(business)
    publish_business(business)
    assert PublishedProduct.objects.count() == 1


def test_publish_catalogue_command_rebuilds_from_verified_businesses(publish):
    publish()
    publish(name="Terasi Gadon", desa_code="35.23.06.2008")
    BusinessFactory(name="Belum diverifikasi")
    PublishedBusiness.objects.all().delete()
    call_command("publish_catalogue")
    call_command("publish_catalogue")
    assert sorted(PublishedBusiness.objects.values_list("name", flat=True)) == ["Batik Gedog Sekar", "Terasi Gadon"]
    assert PublishedProduct.objects.count() == 2


def test_deleting_a_product_keeps_the_published_row_until_the_next_verification(publish):
    business = publish()
    business.products.get().delete()
    assert PublishedProduct.objects.get().product is None
