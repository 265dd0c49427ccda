"""Who may see which businesses: the starting point of every list view."""

import pytest
from django.contrib.auth.models import AnonymousUser

from registry.models import Business, Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_owner_sees_only_their_own_businesses(pelaku, other_pelaku):
    visible = Business.objects.visible_to(pelaku)
    assert list(visible.values_list("name", flat=True)) == ["Batik Sekar Gedog"]


def test_owner_cannot_reach_another_owners_products(pelaku, other_pelaku):
    ProductFactory(business=other_pelaku.businesses.get(), name="Terasi udang super")
    assert not Product.objects.visible_to(pelaku).filter(name="Terasi udang super").exists()


def test_dinas_staff_see_every_business(dinas, pelaku, other_pelaku):
    assert Business.objects.visible_to(dinas).count() == 2


def test_pimpinan_see_every_business_read_only(pimpinan, pelaku, other_pelaku):
    assert Business.objects.visible_to(pimpinan).count() == 2
    assert not pimpinan.has_perm("registry.change_business")
    assert not pimpinan.has_perm("registry.view_personal_data")
    assert pimpinan.has_perm("registry.export_business")


def test_officer_without_a_business_sees_none_through_the_owner_path(pengurus, pelaku):
    assert Business.objects.visible_to(pengurus).count() == 0


def test_anonymous_visitor_sees_no_business_record(pelaku):
    assert Business.objects.visible_to(AnonymousUser()).count() == 0


def test_only_dinas_staff_may_see_personal_data_and_import(dinas, pimpinan, pengurus, pelaku):
    assert dinas.has_perm("registry.view_personal_data")
    assert dinas.has_perm("registry.import_business")
    for user in (pimpinan, pengurus, pelaku):
        assert not user.has_perm("registry.view_personal_data")
        assert not user.has_perm("registry.import_business")
