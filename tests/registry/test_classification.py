"""Size classes are computed by the database from the stored inputs, at every threshold edge."""

from decimal import Decimal

import pytest

from registry.models import Business
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

BILLION = Decimal("1000000000")


def industry_class_of(workers, investment):
    business = BusinessFactory(workers_male=workers, workers_female=0, investment=investment)
    business.refresh_from_db()
    return business.industry_class


@pytest.mark.parametrize(
    ("workers", "investment", "expected"),
    [
        (1, Decimal("5000000"), "kecil"),
        (19, BILLION - 1, "kecil"),
        (19, BILLION, "menengah"),
        (20, BILLION - 1, "menengah"),  # 20+ workers under Rp1 billion is Menengah, not Kecil
        (20, 15 * BILLION, "menengah"),
        (20, 15 * BILLION + 1, "besar"),
        (19, 15 * BILLION + 1, "menengah"),  # few workers never make Besar
        (150, Decimal("0"), "menengah"),
    ],
)
def test_industry_class_follows_permenperin_64_2016_at_each_edge(workers, investment, expected):
    assert industry_class_of(workers, investment) == expected


def test_workers_of_both_genders_count_towards_the_class():
    business = BusinessFactory(workers_male=10, workers_female=10, investment=BILLION - 1)
    business.refresh_from_db()
    assert business.industry_class == Business.IndustryClass.MENENGAH


def test_unknown_investment_gives_no_class_instead_of_a_guess():
    business = BusinessFactory(investment=None, yearly_sales=None)
    business.refresh_from_db()
    assert business.industry_class is None
    assert business.umkm_class_by_capital is None
    assert business.umkm_class_by_sales is None


def test_industri_besar_is_flagged_as_outside_ikm_but_kept():
    business = BusinessFactory(workers_male=25, investment=16 * BILLION)
    business.refresh_from_db()
    assert business.industry_class == "besar"
    assert not business.is_ikm
    assert Business.objects.filter(pk=business.pk).exists()


@pytest.mark.parametrize(
    ("capital", "expected"),
    [
        (BILLION, "mikro"),
        (BILLION + 1, "kecil"),
        (5 * BILLION, "kecil"),
        (5 * BILLION + 1, "menengah"),
        (10 * BILLION, "menengah"),
        (10 * BILLION + 1, "besar"),
    ],
)
def test_umkm_class_by_capital_follows_pp_7_2021(capital, expected):
    business = BusinessFactory(investment=capital)
    business.refresh_from_db()
    assert business.umkm_class_by_capital == expected


@pytest.mark.parametrize(
    ("sales", "expected"),
    [
        (2 * BILLION, "mikro"),
        (2 * BILLION + 1, "kecil"),
        (15 * BILLION, "kecil"),
        (15 * BILLION + 1, "menengah"),
        (50 * BILLION, "menengah"),
        (50 * BILLION + 1, "besar"),
    ],
)
def test_umkm_class_by_sales_follows_pp_7_2021(sales, expected):
    business = BusinessFactory(yearly_sales=sales)
    business.refresh_from_db()
    assert business.umkm_class_by_sales == expected


def test_class_follows_an_edit_without_a_manual_reload():
    business = BusinessFactory(workers_male=25, workers_female=0, investment=Decimal("500000000"))
    assert business.industry_class == "menengah"
    business.workers_male = 5
    business.save()
    assert business.industry_class == "kecil"


def test_classes_can_be_filtered_and_counted_in_the_database():
    BusinessFactory.create_batch(3, workers_male=2, investment=Decimal("10000000"))
    BusinessFactory(workers_male=30, investment=2 * BILLION)
    assert Business.objects.filter(industry_class="kecil").count() == 3
    assert Business.objects.filter(industry_class="menengah").count() == 1
