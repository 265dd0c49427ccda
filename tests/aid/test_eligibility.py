"""Eligibility rules on a hand-made fixture: one small batik maker in Kerek, verified, a
member; one medium food business in Tuban town, unverified, not a member."""

from decimal import Decimal

import pytest

from aid.models import BusinessFacts
from registry.models import Business, Kecamatan
from tests.aid.factories import ProgrammeFactory
from tests.factories import BusinessFactory, MembershipFactory, ProductFactory, desa, kbli

pytestmark = pytest.mark.django_db


@pytest.fixture
def batik():
    business = BusinessFactory(name="Batik Gedog Kerek", verification_status=Business.Verification.VERIFIED)
    MembershipFactory(business=business)
    return business


@pytest.fixture
def food():
    # 25 workers and Rp 2 billion: Industri Menengah. Desa 35.23.06.2008 is outside Kerek.
    return BusinessFactory(
        name="Kerupuk Tuban",
        desa=desa("35.23.06.2008"),
        kbli=None,
        workers_male=10,
        workers_female=15,
        investment=Decimal("2000000000"),
    )


def test_a_programme_without_restrictions_accepts_everyone(batik, food):
    programme = ProgrammeFactory()
    assert programme.eligibility(batik) == (True, [])
    assert programme.eligibility(food) == (True, [])


def test_size_class_restriction_names_both_classes(batik, food):
    programme = ProgrammeFactory(size_classes=["kecil"])
    assert programme.eligibility(batik)[0]
    eligible, reasons = programme.eligibility(food)
    assert not eligible
    assert reasons == ["Hanya untuk Industri Kecil; usaha Anda Industri Menengah."]


def test_unknown_size_asks_for_workers_and_investment(food):
    food.investment = None
    food.save()
    food = Business.objects.get(pk=food.pk)
    eligible, reasons = ProgrammeFactory(size_classes=["kecil"]).eligibility(food)
    assert not eligible and "isi jumlah tenaga kerja" in reasons[0]


def test_commodity_matches_the_kbli_group_or_a_product_category(batik, food):
    programme = ProgrammeFactory(commodity_groups=["kain_batik"])
    assert kbli().group == "kain_batik"
    assert programme.eligibility(batik)[0]
    assert not programme.eligibility(food)[0]
    ProductFactory(business=food, category="kain_batik")
    assert programme.eligibility(food)[0]


def test_kbli_prefix_is_an_alternative_to_the_commodity(batik, food):
    programme = ProgrammeFactory(commodity_groups=["makanan_minuman"], kbli_codes=["1313"])
    assert programme.eligibility(batik)[0]
    eligible, reasons = programme.eligibility(food)
    assert not eligible
    assert reasons == ["Hanya untuk komoditas/bidang usaha: Makanan dan minuman; KBLI 1313."]


def test_kecamatan_restriction(batik, food):
    kerek = Kecamatan.objects.get(code="35.23.08")
    programme = ProgrammeFactory(kecamatan=[kerek])
    assert programme.eligibility(batik)[0]
    assert programme.eligibility(food)[1] == [f"Hanya untuk usaha di Kecamatan {kerek.name}."]


def test_verified_and_member_rules_give_all_reasons_at_once(batik, food):
    programme = ProgrammeFactory(must_be_verified=True, must_be_member=True, size_classes=["kecil"])
    assert programme.eligibility(batik) == (True, [])
    eligible, reasons = programme.eligibility(food)
    assert not eligible
    assert reasons == [
        "Hanya untuk Industri Kecil; usaha Anda Industri Menengah.",
        "Profil usaha harus sudah terverifikasi Dinas.",
        "Hanya untuk anggota aktif asosiasi IKM.",
    ]


def test_closed_business_is_not_eligible(batik):
    batik.status = Business.Status.CLOSED
    batik.save()
    assert ProgrammeFactory().eligibility(batik)[1] == ["Usaha tidak berstatus aktif."]


def test_facts_can_be_passed_in_to_save_queries(batik, django_assert_num_queries):
    programme = ProgrammeFactory(must_be_member=True)
    batik = Business.objects.select_related("desa", "kbli").get(pk=batik.pk)
    facts = BusinessFacts(batik, is_member=True, product_groups=set())
    with django_assert_num_queries(1):  # the programme's kecamatan
        assert programme.eligibility(batik, facts)[0]
