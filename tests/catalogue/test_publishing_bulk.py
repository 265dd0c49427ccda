"""publish_catalogue publishes in batches: the same rows as verification's one-business path."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import PublishedBusiness, PublishedCertification, PublishedProduct
from catalogue.services import publish_catalogue
from registry.models import Business, Certification, CommodityGroup, Unit
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


def catalogue_rows():
    """Every published row, keyed by the registry business it comes from (not by the
    catalogue's own ids or publication times, which a rebuild renews)."""
    businesses = sorted(
        PublishedBusiness.objects.values_list(
            "business_id", "name", "brand", "desa_id", "kecamatan_id", "kbli_code", "phone", "email", "address"
        )
    )
    products = sorted(
        PublishedProduct.objects.values_list(
            "business__business_id",
            "product_id",
            "name",
            "category",
            "kbli_code",
            "desa_id",
            "kecamatan_id",
            "price",
            "unit",
            "capacity_per_month",
            "description",
            "photos",
            "search_text",
        ),
        key=repr,
    )
    certifications = sorted(
        PublishedCertification.objects.values_list(
            "product__business__business_id", "product__name", "kind", "number", "expires_on"
        ),
        key=repr,
    )
    return businesses, products, certifications


@pytest.fixture
def catalogue(publish):
    """Businesses of every kind, each published by its verification (the one-business path)."""
    publish(certifications=[Certification.Kind.HALAL, Certification.Kind.PIRT], photo=True)
    publish(
        name="Terasi Gadon",
        desa_code="35.23.06.2008",
        brand="Gadon Jaya",
        phone="+6281234500001",
        publish_phone=True,
        products=(
            ("Terasi udang", CommodityGroup.FOOD, Unit.KG, "120", "45000.50"),
            ("Petis", CommodityGroup.FOOD, Unit.KG, "", ""),
        ),
    )
    removed_later = publish(name="Kerupuk Palang", desa_code="35.23.20.2001")
    removed_later.products.get().delete()  # the catalogue keeps it until the next verification
    closed = publish(name="Anyaman Tutup")
    Business.objects.filter(pk=closed.pk).update(status=Business.Status.CLOSED)  # no signal: left to the rebuild
    BusinessFactory(name="Belum diverifikasi")
    return closed


@pytest.mark.parametrize("batch_size", [1000, 2])
def test_rebuilding_the_catalogue_in_batches_gives_the_rows_verification_gave(catalogue, batch_size):
    businesses, products, certifications = catalogue_rows()
    expected_businesses = [row for row in businesses if row[0] != catalogue.pk]
    expected = (
        expected_businesses,
        [row for row in products if row[0] != catalogue.pk],
        [row for row in certifications if row[0] != catalogue.pk],
    )
    assert len(expected_businesses) == 3 and len(expected[1]) == 4 and len(expected[2]) == 2

    # From an empty catalogue, and again over the catalogue it just built.
    PublishedBusiness.objects.all().delete()
    assert publish_catalogue(batch_size=batch_size) == (3, 0)
    assert catalogue_rows() == expected
    assert publish_catalogue(batch_size=batch_size)[0] == 3
    assert catalogue_rows() == expected
    # A deleted product's published row no longer points at it; the others do.
    assert PublishedProduct.objects.filter(product__isnull=True).get().name == "Kain batik gedog"


def test_the_rebuild_removes_what_may_no_longer_be_shown(catalogue):
    assert PublishedBusiness.objects.filter(business=catalogue).exists()
    published, removed = publish_catalogue()
    assert published == 3
    assert not PublishedBusiness.objects.filter(business=catalogue).exists()
    assert not PublishedProduct.objects.filter(business__business=catalogue).exists()


def test_the_rebuild_takes_a_number_of_queries_that_does_not_grow_with_businesses(publish):
    def queries_for(count):
        for i in range(count):
            publish(name=f"Usaha {len(PublishedBusiness.objects.all())} {i}")
        PublishedBusiness.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            publish_catalogue()
        return len(queries)

    few = queries_for(2)
    many = queries_for(8)
    assert PublishedBusiness.objects.count() == 10
    assert many == few
