"""The stored completeness (Business.completeness_checks_passed) and the memberships' copies
of their business's state stay equal to the live profile after every kind of write: what the
drive and member lists show and count is what the member page computes."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.anonymisation import data_request_anonymise
from accounts.models import DataRequest
from organizations.models import Membership
from registry import services
from registry.completeness_store import completeness_deferred, refresh_completeness
from registry.models import Business
from tests.factories import (
    AssociationFactory,
    BusinessFactory,
    MarketAreaFactory,
    MembershipFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def live_points(business):
    business = Business.objects.with_profile_relations().get(pk=business.pk)
    return sum(check.ok for check in business.completeness().checks)


def stored_points(business):
    return Business.objects.values_list("completeness_checks_passed", flat=True).get(pk=business.pk)


def assert_in_step(business):
    live = live_points(business)
    assert stored_points(business) == live
    for membership in Membership.objects.filter(business=business):
        fresh = Business.objects.get(pk=business.pk)
        assert membership.business_points == live
        assert membership.business_active == (fresh.status == Business.Status.ACTIVE)
        assert membership.business_reachable == bool(fresh.owner_id or fresh.email)
    return live


def reload(membership):
    return Membership.objects.get(pk=membership.pk)


def test_every_profile_write_updates_the_stored_completeness():
    business = BusinessFactory(legal_form="", nib=None, year_started=None)
    start = assert_in_step(business)

    business.legal_form = "ud"
    business.year_started = 2015
    business.save()
    assert assert_in_step(business) == start + 2

    product = ProductFactory(business=business)  # products and product details
    with_product = assert_in_step(business)
    assert with_product == start + 4

    photo = product.photos.create(image="produk/x.jpg")
    assert assert_in_step(business) == with_product + 1
    market = MarketAreaFactory(product=product)
    assert assert_in_step(business) == with_product + 2
    report = ProductionReportFactory(product=product)
    assert assert_in_step(business) == with_product + 3

    report.delete()
    market.delete()
    photo.delete()
    assert assert_in_step(business) == with_product

    # A second product without a photo: "every product has a photo" fails again.
    product.photos.create(image="produk/y.jpg")
    second = ProductFactory(business=business)
    assert_in_step(business)
    second.delete()  # cascades nothing it has, recomputes once
    assert assert_in_step(business) == with_product + 1

    product.delete()  # with its photo
    assert assert_in_step(business) == start + 2


def test_membership_copies_follow_the_business():
    business = BusinessFactory(email="")
    membership = MembershipFactory(business=business, association=AssociationFactory())
    assert_in_step(business)
    assert not reload(membership).business_reachable  # a phone only: the officers must call

    business.email = "usaha@example.com"
    business.save()
    assert reload(membership).business_reachable

    business.status = Business.Status.CLOSED
    business.save()
    assert not reload(membership).business_active

    ProductFactory(business=business)
    assert_in_step(business)


def test_a_merge_keeps_the_kept_business_in_step(dinas):
    keep = BusinessFactory(nib=None)
    remove = BusinessFactory(nib="1234567890123")
    product = ProductFactory(business=remove)
    product.photos.create(image="produk/x.jpg")
    MarketAreaFactory(product=product)
    membership = MembershipFactory(business=remove, association=AssociationFactory())
    before = assert_in_step(keep)

    kept = services.business_merge(keep=keep, remove=remove, user=dinas)

    assert assert_in_step(kept) > before
    assert reload(membership).business_points == stored_points(kept)


def test_anonymisation_counts_the_erased_contact_as_missing(dinas):
    owner = UserFactory()
    business = BusinessFactory(owner=owner, email="", address="")
    business.phone = "+6281234567890"
    business.save()
    assert_in_step(business)
    request = DataRequest.objects.create(user=owner, kind=DataRequest.Kind.DELETION, message="Hapus")

    data_request_anonymise(data_request=request, by=dinas)

    assert_in_step(business)


def test_the_command_repairs_values_written_without_signals():
    business = BusinessFactory()
    membership = MembershipFactory(business=business, association=AssociationFactory())
    live = assert_in_step(business)
    Business.objects.filter(pk=business.pk).update(completeness_checks_passed=0)
    Membership.objects.filter(pk=membership.pk).update(business_points=0, business_active=False)

    out = StringIO()
    call_command("refresh_completeness", stdout=out)

    assert "1 usaha" in out.getvalue()
    assert stored_points(business) == live
    assert reload(membership).business_points == live
    assert reload(membership).business_active


def test_refreshing_nothing_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert refresh_completeness([]) == 0


def test_deferred_writes_are_recomputed_once_on_leaving():
    business = BusinessFactory()
    membership = MembershipFactory(business=business, association=AssociationFactory())
    before = assert_in_step(business)

    with completeness_deferred():
        product = ProductFactory(business=business)
        product.photos.create(image="produk/x.jpg")
        MarketAreaFactory(product=product)
        assert stored_points(business) == before  # not yet: one UPDATE at the end

    assert assert_in_step(business) == before + 4
    assert reload(membership).business_points == before + 4
