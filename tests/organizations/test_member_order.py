"""The member list's page cut (selectors.StatusOrderedIds) gives the same rows as sorting
every membership by status then business name, on every page."""

import pytest
from django.urls import reverse

from organizations.models import Membership
from organizations.selectors import STATUS_ORDER, StatusOrderedIds
from tests.factories import AssociationFactory, BusinessFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_pages_match_the_full_sort_across_status_boundaries():
    association = AssociationFactory()
    statuses = [Membership.Status.ACTIVE] * 5 + [Membership.Status.INACTIVE] * 3 + [Membership.Status.APPLIED] * 2
    for n, status in enumerate(statuses):
        # Names out of creation order, and two alike, so that the tie on the id counts.
        name = f"Usaha {(n * 7) % 10}" if n != 9 else "Usaha 3"
        MembershipFactory(business=BusinessFactory(name=name), association=association, status=status)
    queryset = Membership.objects.filter(association=association)
    expected = list(queryset.order_by(STATUS_ORDER, "business__name", "pk").values_list("pk", flat=True))

    ids = StatusOrderedIds(queryset)

    assert ids.count() == 10
    for size in (1, 2, 3, 4, 10):
        pages = [ids[start : start + size] for start in range(0, 10, size)]
        assert [pk for page in pages for pk in page] == expected
    assert ids[8:20] == expected[8:]
    assert ids[10:20] == []


def test_the_list_sorts_and_searches_by_the_business_name_as_it_is_now():
    association = AssociationFactory()
    first = MembershipFactory(business=BusinessFactory(name="Anugerah"), association=association)
    second = MembershipFactory(business=BusinessFactory(name="Barokah"), association=association)
    business = second.business
    business.name = "Abadi Jaya"
    business.save(update_fields=["name"])
    queryset = Membership.objects.filter(association=association)

    assert list(StatusOrderedIds(queryset)[0:2]) == [second.pk, first.pk]
    assert list(queryset.filter(business_name__icontains="jaya")) == [second]
    second.refresh_from_db()
    assert second.business_name == "Abadi Jaya"


def test_each_members_badge_and_actions_show_in_the_card_and_in_the_table(officer_client, association):
    active = MembershipFactory(business=BusinessFactory(name="Aktif"), association=association)
    inactive = MembershipFactory(business=BusinessFactory(name="Tidur"), association=association, status="nonaktif")
    content = officer_client.get(reverse("organizations:member_list")).content.decode()

    # Each partial is rendered once per row (ui.include_once) and shown in both layouts.
    assert content.count(f'action="{reverse("organizations:member_deactivate", args=[active.pk])}"') == 2
    assert content.count(f'action="{reverse("organizations:member_reactivate", args=[inactive.pk])}"') == 2
    assert content.count('<span class="badge text-bg-secondary">Nonaktif</span>') == 2
    assert content.count('<span class="badge text-bg-success">Aktif</span>') == 2
