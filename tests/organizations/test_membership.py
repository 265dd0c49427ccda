"""The umbrella association: one active membership per business, sub-units count as the umbrella."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from organizations.models import Association, Membership
from registry.models import Kecamatan
from tests.factories import AssociationFactory, BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def umbrella():
    return AssociationFactory(name="Asosiasi IKM Kabupaten Tuban")


@pytest.fixture
def kerek_unit(umbrella):
    return AssociationFactory(
        name="Unit Kerek",
        parent=umbrella,
        unit_kind=Association.UnitKind.KECAMATAN,
        kecamatan=Kecamatan.objects.get(name="Kerek"),
    )


def test_membership_in_a_sub_unit_belongs_to_the_umbrella(umbrella, kerek_unit):
    membership = MembershipFactory(association=kerek_unit)
    assert membership.umbrella == umbrella


def test_a_business_cannot_be_active_twice_under_one_umbrella(umbrella, kerek_unit):
    business = BusinessFactory()
    MembershipFactory(business=business, association=umbrella)
    second = Membership(business=business, association=kerek_unit, member_number="K-1", status="aktif")
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "sudah menjadi anggota aktif" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_member_who_left_may_join_again(umbrella):
    business = BusinessFactory()
    MembershipFactory(business=business, association=umbrella, status=Membership.Status.LEFT, member_number="A-1")
    again = MembershipFactory(business=business, association=umbrella, member_number="A-2")
    assert again.status == Membership.Status.ACTIVE


def test_member_numbers_are_unique_within_the_umbrella(umbrella, kerek_unit):
    MembershipFactory(association=umbrella, member_number="TBN-001")
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(association=kerek_unit, member_number="TBN-001")


def test_an_active_member_needs_a_member_number(umbrella):
    membership = Membership(business=BusinessFactory(), association=umbrella, status="aktif")
    with pytest.raises(ValidationError) as caught:
        membership.full_clean()
    assert "member_number" in caught.value.message_dict


def test_only_sub_units_have_a_parent(umbrella):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssociationFactory(name="Unit tanpa induk", unit_kind=Association.UnitKind.SECTOR, parent=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssociationFactory(name="Induk di bawah induk", unit_kind=Association.UnitKind.UMBRELLA, parent=umbrella)


def test_a_kecamatan_unit_must_name_its_kecamatan(umbrella):
    unit = Association(name="Unit Soko", parent=umbrella, unit_kind=Association.UnitKind.KECAMATAN)
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert "kecamatan" in caught.value.message_dict
