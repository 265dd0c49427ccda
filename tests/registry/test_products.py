"""Products, market areas, certifications and production reports keep their rules."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Certification, MarketArea, ProductionReport
from tests.factories import (
    CertificationFactory,
    MarketAreaFactory,
    ProductFactory,
    ProductionReportFactory,
)

pytestmark = pytest.mark.django_db


def test_production_capacity_above_installed_capacity_is_refused():
    product = ProductFactory.build(
        business=ProductFactory().business,
        installed_capacity_per_month=Decimal("10"),
        production_capacity_per_month=Decimal("12"),
    )
    with pytest.raises(ValidationError) as caught:
        product.full_clean()
    assert "production_capacity_per_month" in caught.value.message_dict


def test_market_shares_of_one_product_cannot_pass_100_percent():
    area = MarketAreaFactory(share_percent=Decimal("70"))
    extra = MarketArea(product=area.product, level="nasional", share_percent=Decimal("40"), channel="marketplace")
    with pytest.raises(ValidationError) as caught:
        extra.full_clean()
    assert "paling banyak 100%" in caught.value.message_dict["share_percent"][0]
    extra.share_percent = Decimal("30")
    extra.full_clean()


def test_editing_a_market_share_does_not_count_itself_twice():
    area = MarketAreaFactory(share_percent=Decimal("90"))
    area.share_percent = Decimal("100")
    area.full_clean()


def test_a_share_above_100_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MarketAreaFactory(share_percent=Decimal("101"))


def test_export_market_needs_a_country():
    area = MarketAreaFactory.build(product=ProductFactory(), level="ekspor", channel="ekspor", country="")
    with pytest.raises(ValidationError) as caught:
        area.full_clean()
    assert "country" in caught.value.message_dict


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("pirt", "2063523010123-29", "206352301012329"),
        ("bpom", "MD 224513001234", "MD224513001234"),
        ("halal", "ID35110000123450824", "ID35110000123450824"),
        ("sni", "SNI 01-2346-2006", "SNI 01-2346-2006"),
    ],
)
def test_certificate_numbers_are_checked_and_normalised_per_kind(kind, typed, stored):
    certificate = Certification(product=ProductFactory(), kind=kind, number=typed, tkdn_percent=None)
    certificate.full_clean()
    assert certificate.number == stored


@pytest.mark.parametrize(("kind", "typed"), [("pirt", "12345"), ("bpom", "XY224513001234"), ("halal", "12345")])
def test_malformed_certificate_numbers_are_refused(kind, typed):
    certificate = Certification(product=ProductFactory(), kind=kind, number=typed)
    with pytest.raises(ValidationError) as caught:
        certificate.full_clean()
    assert "number" in caught.value.message_dict


def test_pirt_number_is_shown_with_its_dash():
    certificate = CertificationFactory(kind="pirt", number="206352301012329")
    assert certificate.formatted_number() == "2063523010123-29"


def test_expired_and_expiring_certificates_are_found():
    today = date(2026, 6, 1)
    expired = CertificationFactory(expires_on=today - timedelta(days=1), issued_on=date(2020, 1, 1))
    soon = CertificationFactory(expires_on=today + timedelta(days=30), issued_on=date(2020, 1, 1))
    CertificationFactory(expires_on=today + timedelta(days=400), issued_on=date(2020, 1, 1))
    assert list(Certification.objects.expired(today=today)) == [expired]
    assert list(Certification.objects.expiring_within(60, today=today)) == [soon]


def test_expired_certificate_is_flagged():
    assert CertificationFactory(issued_on=date(2015, 1, 1), expires_on=date(2020, 1, 1)).is_expired
    assert not CertificationFactory(expires_on=date(2099, 1, 1)).is_expired


def test_one_production_report_per_product_and_period():
    report = ProductionReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductionReportFactory(product=report.product, year=report.year, semester=report.semester)


def test_returned_report_needs_a_reason_for_the_owner():
    report = ProductionReportFactory.build(product=ProductFactory(), status=ProductionReport.Status.RETURNED)
    with pytest.raises(ValidationError) as caught:
        report.full_clean()
    assert "return_reason" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()
