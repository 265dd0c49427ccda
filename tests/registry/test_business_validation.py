"""What staff and owners typing a business get told, and what the database refuses."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Business
from tests.factories import BusinessFactory, desa

pytestmark = pytest.mark.django_db


def build(**fields):
    values = {
        "name": "Kerupuk Ikan Mina Jaya",
        "owner_name": "Siti Aminah",
        "owner_gender": "P",
        "address": "Jl. Pantura 5",
        "desa": desa("35.23.06.2008"),
    }
    values.update(fields)
    return Business(**values)


def errors_of(business):
    with pytest.raises(ValidationError) as caught:
        business.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("typed", ["0812-3456-7890", "6281234567890", "+62 812 3456 7890", "081234567890"])
def test_phone_written_any_common_way_is_stored_as_plus_62(typed):
    business = build(phone=typed)
    business.full_clean()
    assert business.phone == "+6281234567890"


def test_tuban_landline_is_accepted():
    business = build(phone="(0356) 321234")
    business.full_clean()
    assert business.phone == "+62356321234"


def test_nonsense_phone_gets_an_indonesian_message_next_to_the_field():
    assert "Nomor telepon tidak valid" in errors_of(build(phone="bukan nomor"))["phone"][0]


@pytest.mark.parametrize("nib", ["123456789012", "12345678901234", "12345678901a3"])
def test_nib_must_be_13_digits(nib):
    assert "NIB harus terdiri dari 13 angka." in errors_of(build(nib=nib))["nib"]


def test_blank_nib_is_stored_as_empty_so_many_businesses_can_lack_one():
    first, second = build(nib=""), build(nib="", name="Terasi Bu Sri")
    for business in (first, second):
        business.full_clean()
        business.save()
    assert Business.objects.filter(nib__isnull=True).count() == 2


def test_a_nib_already_registered_is_refused_by_the_form_and_the_database():
    BusinessFactory(nib="1234567890123")
    assert errors_of(build(nib="1234567890123"))["nib"] == ["NIB ini sudah terdaftar untuk usaha lain."]
    with pytest.raises(IntegrityError), transaction.atomic():
        build(nib="1234567890123").save()


def test_valid_npwp_with_dots_is_stored_as_digits():
    business = build(npwp="01.300.066.6-091.000")
    business.full_clean()
    assert business.npwp == "013000666091000"


def test_npwp_with_a_wrong_check_digit_is_refused():
    assert "NPWP tidak valid" in errors_of(build(npwp="01.300.066.7-091.000"))["npwp"][0]


def test_location_outside_tuban_is_refused():
    surabaya = build(latitude=Decimal("-7.2575"), longitude=Decimal("112.7521"))
    assert errors_of(surabaya)["latitude"] == ["Titik lokasi berada di luar Kabupaten Tuban."]


def test_location_inside_tuban_is_accepted():
    business = build(latitude=Decimal("-6.9000"), longitude=Decimal("112.0500"))
    business.full_clean()


def test_half_a_location_is_refused():
    assert "latitude" in errors_of(build(latitude=Decimal("-6.9")))


def test_year_started_in_the_future_is_refused():
    assert "year_started" in errors_of(build(year_started=2999))


def test_negative_investment_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        build(investment=Decimal("-1")).save()


def test_kecamatan_follows_from_the_desa():
    business = build(desa=desa("35.23.09.2011"))
    assert business.kecamatan.name == "Parengan"
    assert str(business.desa) == "Margorejo, Parengan"
