"""Standing users, one per role, as in DEVELOPERS.md: dinas, pimpinan, pengurus, pelaku,
another pelaku, and the anonymous visitor (the plain `client`)."""

import pytest

from tests.factories import BusinessFactory, OfficerFactory, UserFactory, desa
from tuban_ikm import roles


@pytest.fixture
def dinas(db):
    return UserFactory(username="dinas", is_staff=True, groups=[roles.STAF_DINAS])


@pytest.fixture
def pimpinan(db):
    return UserFactory(username="pimpinan", is_staff=True, groups=[roles.PIMPINAN])


@pytest.fixture
def pengurus(db):
    officer = OfficerFactory(user=UserFactory(username="pengurus", groups=[roles.PENGURUS_ASOSIASI]))
    return officer.user


@pytest.fixture
def pelaku(db):
    user = UserFactory(username="pelaku", groups=[roles.PELAKU_IKM])
    BusinessFactory(owner=user, name="Batik Sekar Gedog")
    return user


@pytest.fixture
def other_pelaku(db):
    user = UserFactory(username="pelaku2", groups=[roles.PELAKU_IKM])
    BusinessFactory(owner=user, name="Terasi Gadon Jaya", desa=desa("35.23.06.2008"))
    return user


@pytest.fixture
def dinas_client(client, dinas):
    client.force_login(dinas)
    return client
