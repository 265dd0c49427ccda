"""Officers see and manage only their own association's members; owners join and leave."""

import pytest
from django.urls import reverse

from organizations.models import Association, Membership
from organizations.selectors import memberships_visible_to
from registry.models import Kecamatan
from tests.factories import (
    AssociationFactory,
    BusinessFactory,
    MembershipFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def association(pengurus):
    return pengurus.officer_roles.get().association


@pytest.fixture
def officer_client(client, pengurus):
    client.force_login(pengurus)
    return client


@pytest.fixture
def kerek_unit(association):
    return AssociationFactory(
        name="Unit Kerek",
        parent=association,
        unit_kind=Association.UnitKind.KECAMATAN,
        kecamatan=Kecamatan.objects.get(name="Kerek"),
    )


def test_umbrella_officer_sees_members_of_every_sub_unit(pengurus, association, kerek_unit):
    direct = MembershipFactory(association=association)
    in_unit = MembershipFactory(association=kerek_unit)
    MembershipFactory()  # another association
    assert set(memberships_visible_to(pengurus)) == {direct, in_unit}


def test_sub_unit_officer_sees_only_their_unit(association, kerek_unit):
    unit_officer = OfficerFactory(association=kerek_unit).user
    MembershipFactory(association=association)
    in_unit = MembershipFactory(association=kerek_unit)
    assert list(memberships_visible_to(unit_officer)) == [in_unit]


def test_officer_whose_term_ended_sees_nothing(association):
    former = OfficerFactory(association=association, term_end="2025-06-30").user
    MembershipFactory(association=association)
    assert not memberships_visible_to(former).exists()


def test_member_list_shows_name_desa_status_and_completeness_but_no_personal_data(officer_client, association):
    business = BusinessFactory(name="Tenun Gedog Kerek", owner_name="Siti Rahayu", phone="+6281234567890")
    MembershipFactory(business=business, association=association)
    response = officer_client.get(reverse("organizations:member_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tenun Gedog Kerek" in content
    assert "Margorejo" in content
    assert "Aktif" in content
    assert "%" in content
    assert "Siti Rahayu" not in content
    assert "81234567890" not in content
    assert business.address not in content


def test_member_list_filters_by_status_unit_and_kecamatan(officer_client, association, kerek_unit):
    MembershipFactory(business=BusinessFactory(name="Usaha Aktif"), association=association)
    MembershipFactory(
        business=BusinessFactory(name="Usaha Diajukan"), association=kerek_unit, status="diajukan", member_number=""
    )
    url = reverse("organizations:member_list")
    content = officer_client.get(url, {"status": "diajukan"}).content.decode()
    assert "Usaha Diajukan" in content and "Usaha Aktif" not in content
    content = officer_client.get(url, {"unit": kerek_unit.pk}).content.decode()
    assert "Usaha Diajukan" in content and "Usaha Aktif" not in content
    other = Kecamatan.objects.exclude(name="Kerek").first()
    content = officer_client.get(url, {"kecamatan": other.pk}).content.decode()
    assert "Usaha Diajukan" not in content and "Usaha Aktif" not in content


def test_member_list_never_lists_another_associations_members(officer_client, association):
    MembershipFactory(business=BusinessFactory(name="Anggota Lain"))
    assert "Anggota Lain" not in officer_client.get(reverse("organizations:member_list")).content.decode()


@pytest.mark.parametrize("size", [3, 12])
def test_member_list_queries_do_not_grow_with_members(officer_client, association, size, django_assert_max_num_queries):
    for _ in range(size):
        membership = MembershipFactory(association=association)
        ProductFactory(business=membership.business)
    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("organizations:member_list"))
    assert response.status_code == 200


def test_approving_an_application_assigns_the_next_member_number(officer_client, association):
    MembershipFactory(association=association, member_number="00007")
    application = MembershipFactory(association=association, status="diajukan", member_number="")
    response = officer_client.post(reverse("organizations:member_approve", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert application.member_number == "00008"
    assert application.joined_on is not None


def test_rejecting_an_application_removes_it(officer_client, association):
    application = MembershipFactory(association=association, status="diajukan", member_number="")
    officer_client.post(reverse("organizations:member_reject", args=[application.pk]))
    assert not Membership.objects.filter(pk=application.pk).exists()


def test_rejecting_an_active_member_is_refused(officer_client, association):
    member = MembershipFactory(association=association)
    officer_client.post(reverse("organizations:member_reject", args=[member.pk]))
    assert Membership.objects.get(pk=member.pk).status == "aktif"


def test_officer_sets_a_member_nonaktif(officer_client, association):
    member = MembershipFactory(association=association)
    officer_client.post(reverse("organizations:member_deactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.status == Membership.Status.INACTIVE


@pytest.mark.parametrize("name", ["member_approve", "member_reject", "member_deactivate"])
def test_officer_cannot_touch_another_associations_member(officer_client, name):
    other = MembershipFactory(status="diajukan", member_number="")
    response = officer_client.post(reverse(f"organizations:{name}", args=[other.pk]))
    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).status == "diajukan"


def test_sub_unit_officer_cannot_touch_umbrella_level_members(client, association, kerek_unit):
    client.force_login(OfficerFactory(association=kerek_unit).user)
    member = MembershipFactory(association=association)
    assert client.post(reverse("organizations:member_deactivate", args=[member.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("member_list", "get"),
        ("import_upload", "get"),
        ("import_template", "get"),
        ("import_confirm", "post"),
    ],
)
def test_owner_and_staff_get_403_on_officer_pages(client, pelaku, dinas, name, method):
    for user in (pelaku, dinas):
        client.force_login(user)
        assert getattr(client, method)(reverse(f"organizations:{name}")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("organizations:member_list"))
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_owner_applies_to_join_and_can_withdraw(client, pelaku):
    association = AssociationFactory()
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    url = reverse("organizations:join", args=[business.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"association": association.pk})
    membership = Membership.objects.get(business=business)
    assert membership.status == Membership.Status.APPLIED
    client.post(url, {"association": association.pk})
    assert Membership.objects.filter(business=business).count() == 1
    client.post(reverse("organizations:leave", args=[membership.pk]))
    assert not Membership.objects.filter(business=business).exists()


def test_member_leaves_the_association(client, pelaku):
    business = pelaku.businesses.get()
    membership = MembershipFactory(business=business)
    client.force_login(pelaku)
    client.post(reverse("organizations:leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.left_on is not None


def test_owner_cannot_apply_for_another_owners_business(client, pelaku, other_pelaku):
    client.force_login(pelaku)
    business = other_pelaku.businesses.get()
    url = reverse("organizations:join", args=[business.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"association": AssociationFactory().pk}).status_code == 404
    assert not Membership.objects.exists()


def test_owner_cannot_end_another_owners_membership(client, pelaku, other_pelaku):
    membership = MembershipFactory(business=other_pelaku.businesses.get())
    client.force_login(pelaku)
    assert client.post(reverse("organizations:leave", args=[membership.pk])).status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == "aktif"


def test_officer_with_no_role_is_refused_even_with_a_user_account(client):
    client.force_login(UserFactory())
    assert client.get(reverse("organizations:member_list")).status_code == 403
