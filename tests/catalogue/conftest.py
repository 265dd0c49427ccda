"""Builders for the catalogue tests: verified businesses with products, and buyers."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import Certification, CommodityGroup, ProductPhoto, Unit
from registry.services import business_verify
from tests.factories import BusinessFactory, CertificationFactory, ProductFactory, UserFactory, desa
from tuban_ikm import roles

GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@pytest.fixture
def buyer(db):
    return UserFactory(username="pembeli", groups=[roles.PEMBELI])


@pytest.fixture
def verifier(db):
    return UserFactory(username="verifikator", is_staff=True, groups=[roles.STAF_DINAS])


@pytest.fixture
def publish(verifier):
    """Create a business with products and verify it; returns the business."""

    def build(
        *,
        name="Batik Gedog Sekar",
        desa_code="35.23.08.2008",
        products=(("Kain batik gedog", CommodityGroup.BATIK, Unit.SHEET, "40", "350000"),),
        certifications=(),
        photo=False,
        owner=None,
        **fields,
    ):
        business = BusinessFactory(name=name, desa=desa(desa_code), owner=owner, **fields)
        for product_name, category, unit, capacity, price in products:
            product = ProductFactory(
                business=business,
                name=product_name,
                category=category,
                unit=unit,
                production_capacity_per_month=Decimal(capacity) if capacity else None,
                installed_capacity_per_month=Decimal(capacity) * 2 if capacity else None,
                price=Decimal(price) if price else None,
                description=f"{product_name} buatan tangan dari Tuban, bahan pilihan.",
            )
            for kind in certifications:
                CertificationFactory(product=product, kind=kind, number=_number(kind), tkdn_percent=Decimal("40"))
            if photo:
                ProductPhoto.objects.create(product=product, image=SimpleUploadedFile("foto.gif", GIF, "image/gif"))
        business_verify(business=business, user=verifier)
        return business

    return build


def _number(kind):
    return {
        Certification.Kind.PIRT: "201352301234527",
        Certification.Kind.HALAL: "ID35110000123450123",
        Certification.Kind.BPOM: "MD123456789012",
    }.get(kind, "IDM000123456")
