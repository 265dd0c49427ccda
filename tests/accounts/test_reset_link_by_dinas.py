"""Phone-only owners who forgot their password: Dinas makes a one-time link in the admin."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from tests.factories import UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:accounts_user_changelist"


def run_action(client, user):
    return client.post(
        reverse(CHANGELIST), {"action": "reset_link", "_selected_action": [user.pk]}, follow=True
    ).content.decode()


def test_dinas_makes_a_one_time_link_that_sets_a_new_password(dinas_client, client):
    owner = UserFactory(username="sekar", email="", phone="+6281234567890", groups=[roles.PELAKU_IKM])
    html = run_action(dinas_client, owner)
    path = re.search(r"<code>https?://[^/]+(/akun/sandi/atur/[^<]+)</code>", html).group(1)
    assert LogEntry.objects.filter(object_id=str(owner.pk)).exists()
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    client.post(form_url, {"new_password1": "Kata-Sandi-Baru-2026", "new_password2": "Kata-Sandi-Baru-2026"})
    owner.refresh_from_db()
    assert owner.check_password("Kata-Sandi-Baru-2026")
    # Once the password changed, the same link no longer works.
    again = client.get(path, follow=True)
    assert "Kata-Sandi-Baru" not in again.content.decode()
    assert "new_password1" not in again.content.decode()


def test_no_link_for_staff_accounts(dinas_client, pimpinan):
    html = run_action(dinas_client, pimpinan)
    assert "hanya dapat dibuat untuk akun pemilik usaha" in html
    assert "/akun/sandi/atur/" not in html


def test_staff_without_dinas_rights_do_not_get_the_action(client, pimpinan):
    owner = UserFactory(username="sekar", groups=[roles.PELAKU_IKM])
    client.force_login(pimpinan)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code in (200, 403)
    assert 'value="reset_link"' not in response.content.decode()
    html = run_action(client, owner)
    assert "/akun/sandi/atur/" not in html
