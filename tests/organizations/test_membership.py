"""Membership rules: one active membership per business under an umbrella (sub-units count as
the umbrella), numbers, the status changes and who may make them, and the reads behind the pages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Notification
from organizations import selectors, services
from organizations.models import Association, Membership
from registry.models import Business, Kecamatan, ProductPhoto
from tests.factories import (
    AssociationFactory,
    BusinessFactory,
    MarketAreaFactory,
    MembershipFactory,
    OfficerFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)

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


# --- Services: apply, approve, reject, deactivate, reactivate, leave -------------------------


@pytest.fixture
def owner(db):
    return UserFactory(username="pemilik_anggota")


@pytest.fixture
def application(umbrella, owner):
    return services.membership_apply(business=BusinessFactory(owner=owner), association=umbrella)


def test_an_application_starts_without_a_member_number(application):
    assert application.status == Membership.Status.APPLIED
    assert application.member_number == ""
    assert application.joined_on is None


def test_an_owner_cannot_apply_twice_under_one_umbrella_even_through_a_sub_unit(application, kerek_unit):
    with pytest.raises(ValidationError):
        services.membership_apply(business=application.business, association=application.association)
    with pytest.raises(ValidationError):
        services.membership_apply(business=application.business, association=kerek_unit)
    assert Membership.objects.filter(business=application.business).count() == 1


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.INACTIVE])
def test_a_member_or_inactive_member_cannot_apply_again(umbrella, status):
    member = MembershipFactory(association=umbrella, status=status)
    with pytest.raises(ValidationError):
        services.membership_apply(business=member.business, association=umbrella)


def test_a_business_may_apply_to_another_umbrella(application):
    other = AssociationFactory(name="Asosiasi Perajin Batik Jawa Timur")
    assert services.membership_apply(business=application.business, association=other).umbrella == other


def test_approving_gives_the_next_number_in_the_umbrella_and_the_joining_date(umbrella, kerek_unit, application):
    MembershipFactory(association=kerek_unit, member_number="TBN-00041")
    MembershipFactory(association=AssociationFactory(), member_number="00999")  # another umbrella
    services.membership_activate(membership=application)
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert application.member_number == "00042"
    assert application.joined_on == timezone.localdate()


def test_two_approvals_take_consecutive_numbers(umbrella, kerek_unit):
    first = MembershipFactory(association=umbrella, status="diajukan", member_number="")
    second = MembershipFactory(association=kerek_unit, status="diajukan", member_number="")
    services.membership_activate(membership=first)
    services.membership_activate(membership=second)
    assert {first.member_number, second.member_number} == {"00001", "00002"}


def test_approving_locks_the_umbrella_row(application):
    with CaptureQueriesContext(connection) as queries:
        services.membership_activate(membership=application)
    locks = [q["sql"] for q in queries.captured_queries if "organizations_association" in q["sql"]]
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in sql for sql in locks)
    else:
        assert locks  # SQLite has no row locks: its write lock serialises transactions


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.INACTIVE, Membership.Status.LEFT])
def test_only_an_application_can_be_approved(umbrella, status):
    membership = MembershipFactory(association=umbrella, status=status, member_number="00005")
    with pytest.raises(ValidationError):
        services.membership_activate(membership=membership)
    membership.refresh_from_db()
    assert membership.status == status


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.INACTIVE, Membership.Status.LEFT])
def test_only_an_application_can_be_rejected(umbrella, status):
    membership = MembershipFactory(association=umbrella, status=status)
    with pytest.raises(ValidationError):
        services.membership_reject(membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_rejecting_removes_the_application_and_keeps_it_in_the_history(application):
    pk = application.pk
    services.membership_reject(membership=application)
    assert not Membership.objects.filter(pk=pk).exists()
    assert Membership.history.filter(id=pk, history_type="-").exists()


@pytest.mark.parametrize("status", [Membership.Status.APPLIED, Membership.Status.INACTIVE, Membership.Status.LEFT])
def test_only_an_active_member_can_be_set_nonaktif(umbrella, status):
    membership = MembershipFactory(association=umbrella, status=status, member_number="00003")
    with pytest.raises(ValidationError):
        services.membership_deactivate(membership=membership)


def test_reactivating_keeps_the_member_number_and_the_joining_date(umbrella):
    member = MembershipFactory(association=umbrella, member_number="00017", joined_on=date(2024, 3, 1))
    services.membership_deactivate(membership=member)
    assert Membership.objects.get(pk=member.pk).status == Membership.Status.INACTIVE
    services.membership_reactivate(membership=member)
    member.refresh_from_db()
    assert (member.status, member.member_number, member.joined_on) == ("aktif", "00017", date(2024, 3, 1))


@pytest.mark.parametrize("status", [Membership.Status.APPLIED, Membership.Status.ACTIVE, Membership.Status.LEFT])
def test_only_an_inactive_member_can_be_reactivated(umbrella, status):
    membership = MembershipFactory(association=umbrella, status=status, member_number="00004")
    with pytest.raises(ValidationError):
        services.membership_reactivate(membership=membership)


def test_reactivating_is_refused_when_the_business_became_active_again_meanwhile(umbrella, kerek_unit):
    old = MembershipFactory(association=umbrella, status=Membership.Status.INACTIVE, member_number="00001")
    MembershipFactory(business=old.business, association=kerek_unit, member_number="00002")
    with pytest.raises(ValidationError):
        services.membership_reactivate(membership=old)


@pytest.mark.parametrize("status", [Membership.Status.ACTIVE, Membership.Status.INACTIVE])
def test_leaving_ends_the_membership_today_and_keeps_the_number(umbrella, status):
    member = MembershipFactory(association=umbrella, status=status, member_number="00009")
    services.membership_leave(membership=member)
    member.refresh_from_db()
    assert member.status == Membership.Status.LEFT
    assert member.left_on == timezone.localdate()
    assert member.member_number == "00009"


def test_leaving_twice_is_refused(umbrella):
    member = MembershipFactory(association=umbrella, status=Membership.Status.LEFT, left_on=date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.membership_leave(membership=member)


def test_withdrawing_an_application_removes_it(application):
    assert services.membership_leave(membership=application) is None
    assert not Membership.objects.filter(pk=application.pk).exists()


def test_a_former_member_may_apply_again_and_gets_a_new_number(umbrella):
    old = MembershipFactory(association=umbrella, member_number="00001")
    services.membership_leave(membership=old)
    again = services.membership_apply(business=old.business, association=umbrella)
    services.membership_activate(membership=again)
    assert again.member_number == "00002"


@pytest.mark.parametrize(
    "action",
    [
        services.membership_activate,
        services.membership_reject,
        services.membership_deactivate,
        services.membership_reactivate,
    ],
)
def test_an_officer_cannot_decide_on_their_own_business(umbrella, owner, action):
    status = {
        services.membership_activate: "diajukan",
        services.membership_reject: "diajukan",
        services.membership_deactivate: "aktif",
        services.membership_reactivate: "nonaktif",
    }[action]
    own = MembershipFactory(
        business=BusinessFactory(owner=owner),
        association=umbrella,
        status=status,
        member_number="" if status == "diajukan" else "00001",
    )
    with pytest.raises(PermissionDenied):
        action(membership=own, by=owner)
    assert Membership.objects.get(pk=own.pk).status == status


# --- The owner hears about decisions -------------------------------------------------------


def test_approval_tells_the_owner_their_member_number(application, owner):
    services.membership_activate(membership=application)
    notice = Notification.objects.get(recipient=owner)
    assert "00001" in notice.message
    assert notice.url == reverse("organizations:join", args=[application.business_id])


def test_rejection_and_deactivation_tell_the_owner(application, owner, umbrella):
    services.membership_reject(membership=application)
    member = MembershipFactory(business=BusinessFactory(owner=owner), association=umbrella)
    services.membership_deactivate(membership=member)
    messages = list(Notification.objects.filter(recipient=owner).values_list("message", flat=True))
    assert len(messages) == 2
    assert any("belum dapat diterima" in m for m in messages)
    assert any("dinonaktifkan" in m for m in messages)


def test_an_unclaimed_business_gets_no_notification(umbrella):
    membership = MembershipFactory(association=umbrella, status="diajukan", member_number="")
    services.membership_activate(membership=membership)
    assert not Notification.objects.exists()


# --- Invitations ---------------------------------------------------------------------------


def test_an_invitation_is_made_for_an_unclaimed_member(umbrella, owner):
    member = MembershipFactory(association=umbrella)
    token = services.membership_invite(membership=member, by=owner)
    invitation = Invitation.objects.get(business=member.business)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert invitation.created_by == owner


def test_no_invitation_for_a_claimed_business_or_a_former_member(umbrella, owner):
    claimed = MembershipFactory(business=BusinessFactory(owner=owner), association=umbrella)
    former = MembershipFactory(association=umbrella, status=Membership.Status.LEFT, left_on=date(2025, 7, 1))
    for membership in (claimed, former):
        with pytest.raises(ValidationError):
            services.membership_invite(membership=membership, by=owner)
    assert not Invitation.objects.exists()


# --- Selectors -----------------------------------------------------------------------------


def test_completeness_in_the_list_is_the_same_score_as_on_the_profile(umbrella):
    bare = BusinessFactory(nib=None, kbli=None, investment=None, yearly_sales=None, phone="")
    full = BusinessFactory(nib="3523000000001", year_started=2015)
    product = ProductFactory(business=full)
    ProductPhoto.objects.create(product=product, image="x.jpg")
    MarketAreaFactory(product=product, share_percent=100)
    ProductionReportFactory(product=product)
    half = BusinessFactory(year_started=2019)
    ProductFactory(business=half)
    for business in (bare, full, half):
        MembershipFactory(business=business, association=umbrella)
    rows = selectors.with_completeness(Membership.objects.all())
    for membership in rows:
        business = Business.objects.with_profile_relations().get(pk=membership.business_id)
        assert selectors.completeness_score(membership.completeness_points) == business.completeness().score
    assert {selectors.completeness_score(m.completeness_points) for m in rows} >= {100}


def test_the_member_list_shows_members_by_default_and_other_statuses_when_asked(umbrella):
    officer = OfficerFactory(association=umbrella).user
    statuses = {}
    for status in Membership.Status.values:
        statuses[status] = MembershipFactory(
            association=umbrella, status=status, member_number="" if status == "diajukan" else f"0000{len(statuses)}"
        )
    default = set(selectors.member_list(officer))
    assert default == {statuses["aktif"], statuses["nonaktif"]}
    assert set(selectors.member_list(officer, status="keluar")) == {statuses["keluar"]}
    assert set(selectors.member_list(officer, status="semua")) == set(statuses.values())
    assert list(selectors.pending_applications(officer)) == [statuses["diajukan"]]


def test_the_member_list_searches_name_nib_and_member_number(umbrella):
    officer = OfficerFactory(association=umbrella).user
    tenun = MembershipFactory(business=BusinessFactory(name="Tenun Gedog Sekar"), association=umbrella)
    nib = MembershipFactory(business=BusinessFactory(nib="3523101234567"), association=umbrella)
    number = MembershipFactory(association=umbrella, member_number="TBN-00777")
    assert list(selectors.member_list(officer, search="gedog sekar")) == [tenun]
    assert list(selectors.member_list(officer, search="35231012")) == [nib]
    assert list(selectors.member_list(officer, search="00777")) == [number]


def test_the_member_list_filters_by_completeness_band(umbrella):
    officer = OfficerFactory(association=umbrella).user
    low = MembershipFactory(
        business=BusinessFactory(nib=None, kbli=None, investment=None, yearly_sales=None), association=umbrella
    )
    middle = MembershipFactory(association=umbrella)  # identity filled, no products
    assert list(selectors.member_list(officer, band="rendah")) == [low]
    assert list(selectors.member_list(officer, band="sedang")) == [middle]
    assert list(selectors.member_list(officer, band="lengkap")) == []


def test_joinable_associations_leave_out_the_umbrella_of_an_open_membership(umbrella, kerek_unit):
    other = AssociationFactory(name="Asosiasi Lain")
    business = BusinessFactory()
    assert set(selectors.joinable_associations(business)) == {umbrella, kerek_unit, other}
    MembershipFactory(business=business, association=kerek_unit, status="diajukan", member_number="")
    assert list(selectors.joinable_associations(business)) == [other]


def test_the_owner_summary_names_the_latest_open_membership(umbrella, kerek_unit):
    business = BusinessFactory()
    MembershipFactory(business=business, association=umbrella, status="keluar", member_number="00001")
    MembershipFactory(business=business, association=kerek_unit, member_number="00002")
    row = Business.objects.annotate(**selectors.membership_summary()).get(pk=business.pk)
    assert (row.membership_status, row.membership_number, row.membership_association) == (
        "aktif",
        "00002",
        "Unit Kerek",
    )


def test_a_second_approval_of_the_same_application_is_refused_and_keeps_the_number(application):
    stale = Membership.objects.get(pk=application.pk)  # loaded before the first click went through
    services.membership_activate(membership=application)
    with pytest.raises(ValidationError):
        services.membership_activate(membership=stale)
    assert Membership.objects.get(pk=application.pk).member_number == "00001"


def test_an_application_withdrawn_meanwhile_cannot_be_approved_or_rejected(application):
    stale = Membership.objects.get(pk=application.pk)
    services.membership_leave(membership=application)
    for action in (services.membership_activate, services.membership_reject):
        with pytest.raises(ValidationError):
            action(membership=stale)
    assert not Membership.objects.exists()


def test_a_rejection_reason_reaches_the_owner(application, owner):
    services.membership_reject(membership=application, reason="Usaha berada di luar wilayah unit ini.")
    assert "Alasan: Usaha berada di luar wilayah unit ini." in Notification.objects.get(recipient=owner).message
