"""Standing users, one per role, as in DEVELOPERS.md: dinas, pimpinan, pengurus, pelaku,
another pelaku, and the anonymous visitor (the plain `client`)."""

import pytest
from django.test import Client

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


# Staff need a second factor (OTP_REQUIRED_FOR_STAFF stays on in tests). force_login stands
# for "signed in with password and authenticator": for a staff user it also gives them a
# confirmed device and marks the session verified. Tests of the unverified state use
# `login_without_otp` (tests/accounts/test_two_factor.py).
_plain_force_login = Client.force_login


def login_without_otp(client, user):
    _plain_force_login(client, user)


def _force_login_verified(self, user, backend=None):
    _plain_force_login(self, user, backend)
    if user.is_staff:
        otp_verify_session(self, user)


def otp_verify_session(client, user):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(autouse=True)
def _staff_force_login_is_verified(monkeypatch):
    monkeypatch.setattr(Client, "force_login", _force_login_verified)


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests empty every table when they end, migration data included: put
    the regions, KBLI codes and role groups back before each transactional test (browser
    journeys, migration tests), whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
    if (
        not transactional
        and "transactional_db" not in request.fixturenames
        and "live_server" not in request.fixturenames
    ):
        return
    request.getfixturevalue("transactional_db")
    from registry import reference
    from registry.models import Desa, Kbli, Kecamatan
    from tuban_ikm.roles import sync_roles

    reference.load_regions(Kecamatan, Desa)
    reference.seed_kbli(Kbli)
    sync_roles()
