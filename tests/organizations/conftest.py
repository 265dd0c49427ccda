"""Standing fixtures of the association's tests: the officer's association, a logged-in
officer, and a kecamatan sub-unit under the umbrella."""

import pytest

from organizations.models import Association
from registry.models import Kecamatan
from tests.factories import AssociationFactory


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
