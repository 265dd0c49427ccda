"""Merging duplicates: everything moves to the kept record, both histories stay, two
different NIBs are never merged, and nothing is half-done when something fails."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Invitation
from accounts.services import invitation_create
from organizations.models import Association, Membership
from registry import review, services
from registry.models import Business, Need
from tests.factories import (
    AssistanceFactory,
    AssociationFactory,
    BusinessFactory,
    MembershipFactory,
    NeedFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
    desa,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(pelaku):
    keep = BusinessFactory(name="Batik Sekar", nib=None, npwp="", owner=None, year_started=None)
    remove = BusinessFactory(name="UD Batik Sekar", nib="1234567890123", owner=pelaku, year_started=2015)
    return keep, remove


def test_merge_moves_products_reports_needs_assistance_memberships_and_invitations(dinas, pair):
    keep, remove = pair
    product = ProductFactory(business=remove)
    report = ProductionReportFactory(product=product)
    NeedFactory(business=remove, kind="pelatihan")
    NeedFactory(business=keep, kind="alat")
    NeedFactory(business=remove, kind="alat")  # the kept record already has this kind
    assistance = AssistanceFactory(business=remove)
    membership = MembershipFactory(business=remove)
    invitation, _token = invitation_create(business=remove, created_by=dinas)

    kept = services.business_merge(keep=keep, remove=remove, user=dinas)

    assert not Business.objects.filter(pk=remove.pk).exists()
    assert list(kept.products.all()) == [product]
    report.refresh_from_db()
    assert report.product.business_id == kept.pk
    assert set(Need.objects.filter(business=kept).values_list("kind", flat=True)) == {"pelatihan", "alat"}
    assistance.refresh_from_db()
    membership.refresh_from_db()
    assert assistance.business_id == membership.business_id == kept.pk
    assert Invitation.objects.get(pk=invitation.pk).business_id == kept.pk


def test_merge_fills_empty_fields_of_the_kept_record_including_the_nib_and_owner(dinas, pelaku, pair):
    keep, remove = pair
    kept = services.business_merge(keep=keep, remove=remove, user=dinas)
    kept.refresh_from_db()
    assert kept.nib == "1234567890123"
    assert kept.owner == pelaku
    assert kept.year_started == 2015
    assert kept.name == "Batik Sekar"  # filled fields are not overwritten


def test_merge_keeps_both_histories_and_records_the_merge(dinas, pair):
    keep, remove = pair
    remove_pk = remove.pk
    services.business_merge(keep=keep, remove=remove, user=dinas)
    removed_history = Business.history.filter(id=remove_pk)
    assert removed_history.filter(history_type="+").exists()
    assert removed_history.first().history_type == "-"
    assert "Digabung ke usaha" in removed_history.first().history_change_reason
    latest = keep.history.first()
    assert f"#{remove_pk}" in latest.history_change_reason
    assert latest.history_user == dinas


def test_two_different_nibs_are_never_merged(dinas):
    keep = BusinessFactory(nib="1111111111111")
    remove = BusinessFactory(nib="2222222222222")
    product = ProductFactory(business=remove)
    with pytest.raises(ValidationError, match="NIB berbeda"):
        services.business_merge(keep=keep, remove=remove, user=dinas)
    assert Business.objects.filter(pk=remove.pk).exists()
    product.refresh_from_db()
    assert product.business_id == remove.pk


def test_a_business_is_not_merged_with_itself(dinas, pair):
    keep, _remove = pair
    with pytest.raises(ValidationError):
        services.business_merge(keep=keep, remove=keep, user=dinas)


def test_a_second_active_membership_under_the_same_umbrella_is_ended(dinas, pair):
    keep, remove = pair
    umbrella = AssociationFactory()
    unit = Association.objects.create(
        name="Unit Kerek", unit_kind=Association.UnitKind.KECAMATAN, parent=umbrella, kecamatan=keep.desa.kecamatan
    )
    kept_membership = MembershipFactory(business=keep, association=umbrella)
    moved = MembershipFactory(business=remove, association=unit)
    other_umbrella = MembershipFactory(business=remove)
    services.business_merge(keep=keep, remove=remove, user=dinas)
    statuses = dict(Membership.objects.filter(business=keep).values_list("pk", "status"))
    assert statuses == {kept_membership.pk: "aktif", moved.pk: "nonaktif", other_umbrella.pk: "aktif"}


@pytest.mark.parametrize("role", ["pelaku", "pimpinan", "pengurus"])
def test_only_staff_may_merge(request, role, pair):
    keep, remove = pair
    with pytest.raises(PermissionDenied):
        services.business_merge(keep=keep, remove=remove, user=request.getfixturevalue(role))


def test_duplicate_candidates_by_phone_and_similar_name_in_the_same_desa(dinas_client):
    a = BusinessFactory(name="UD. Batik Sekar", phone="+6281200000001")
    b = BusinessFactory(name="Batik Sekar", phone="+6281200000002")
    c = BusinessFactory(name="Terasi Gadon", phone="+6281200000001", desa=desa("35.23.06.2008"))
    BusinessFactory(name="Batik Sekar", desa=desa("35.23.06.2008"))  # same name, other desa
    BusinessFactory(name="Tenun Lestari")
    response = dinas_client.get(reverse("dinas:duplicates"))
    pairs = {(p.first.pk, p.second.pk): p.reasons for p in response.context["page"]}
    assert set(pairs) == {(a.pk, b.pk), (a.pk, c.pk)}
    assert pairs[(a.pk, b.pk)] == ["Nama mirip di desa yang sama"]
    assert pairs[(a.pk, c.pk)] == ["Nomor telepon sama"]


def test_duplicate_search_is_one_query_for_any_number_of_businesses(django_assert_num_queries):
    for i in range(30):
        BusinessFactory(name=f"Kerupuk Ikan {i % 10}")
    with django_assert_num_queries(1):
        review.duplicate_pairs()


def test_merge_page_asks_first_then_merges(dinas_client, pair):
    keep, remove = pair
    url = reverse("dinas:merge", args=[keep.pk, remove.pk])
    page = dinas_client.get(url)
    assert page.status_code == 200
    assert "UD Batik Sekar" in page.text
    response = dinas_client.post(url)
    assert response["Location"] == reverse("dinas:review_detail", args=[keep.pk])
    assert not Business.objects.filter(pk=remove.pk).exists()


def test_merge_page_refuses_two_nibs(dinas_client):
    keep = BusinessFactory(nib="1111111111111")
    remove = BusinessFactory(nib="2222222222222")
    response = dinas_client.post(reverse("dinas:merge", args=[keep.pk, remove.pk]), follow=True)
    assert "NIB berbeda" in response.text
    assert Business.objects.filter(pk=remove.pk).exists()


def test_owner_cannot_open_the_merge_page(client, pair):
    keep, remove = pair
    client.force_login(UserFactory(username="pemilik-lain"))
    assert client.get(reverse("dinas:merge", args=[keep.pk, remove.pk])).status_code == 403
