"""An officer's decision and a Dinas admin form open at the same time: the stale admin form
is refused instead of putting the old status back."""

import pytest
from django.urls import reverse

from organizations import services
from organizations.models import Membership
from tests.factories import BusinessFactory, MembershipFactory
from tests.registry.test_locking import form_data

pytestmark = pytest.mark.django_db


def test_a_stale_membership_admin_form_does_not_undo_the_officers_decision(client, dinas, pengurus, association):
    membership = MembershipFactory(association=association, business=BusinessFactory(), status="aktif")
    address = reverse("admin:organizations_membership_change", args=[membership.pk])
    client.force_login(dinas)
    stale = form_data(client.get(address))
    services.membership_deactivate(membership=Membership.objects.get(pk=membership.pk), by=pengurus)

    stale["member_number"] = "TBN-007"
    response = client.post(address, stale)
    assert response.status_code == 200
    assert "Data ini sudah diubah oleh" in " ".join(response.context["adminform"].form.non_field_errors())
    membership.refresh_from_db()
    assert membership.status == "nonaktif"
    assert membership.member_number != "TBN-007"


def test_a_stale_association_admin_form_is_refused(client, dinas, association):
    address = reverse("admin:organizations_association_change", args=[association.pk])
    client.force_login(dinas)
    first, second = form_data(client.get(address)), form_data(client.get(address))
    first["sector"] = "Batik tulis"
    assert client.post(address, first).status_code == 302
    second["sector"] = "Tenun"
    assert client.post(address, second).status_code == 200
    association.refresh_from_db()
    assert association.sector == "Batik tulis"
