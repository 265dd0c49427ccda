"""Claiming a business through a one-time invitation link."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from accounts.services import invitation_claim, invitation_create
from tests.factories import BusinessFactory, UserFactory
from tuban_ikm import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(db):
    return BusinessFactory(name="Tenun Ikat Kerek Makmur", owner=None)


@pytest.fixture
def invitation(business):
    return invitation_create(business=business)


def claim_url(raw_token):
    return reverse("accounts:claim", args=[raw_token])


def test_invitation_stores_only_the_hash_of_the_token(invitation):
    created, raw_token = invitation
    created.refresh_from_db()
    assert created.token_hash == Invitation.hash_token(raw_token)
    assert raw_token not in created.token_hash
    assert len(created.token_hash) == 64
    assert timedelta(days=13) < created.expires_at - timezone.now() <= timedelta(days=14)


def test_invitation_lifetime_follows_the_setting(business, settings):
    settings.INVITATION_DAYS = 3
    created, _ = invitation_create(business=business)
    assert created.expires_at - timezone.now() <= timedelta(days=3)


def test_a_new_invitation_revokes_the_unused_previous_one(business, client):
    _, old_token = invitation_create(business=business)
    _, new_token = invitation_create(business=business)
    client.force_login(UserFactory())
    assert client.get(claim_url(old_token)).status_code == 410
    assert client.get(claim_url(new_token)).status_code == 200


def test_anonymous_visitor_sees_the_business_and_is_asked_to_log_in_or_sign_up(client, invitation, business):
    _, raw_token = invitation
    response = client.get(claim_url(raw_token))
    html = response.content.decode()
    assert response.status_code == 200
    assert business.name in html
    assert business.desa.name in html and business.desa.kecamatan.name in html
    next_param = f"?next={claim_url(raw_token)}"
    assert reverse("accounts:login") + next_param in html
    assert reverse("accounts:signup") + next_param in html
    assert "Ini usaha saya" not in html


def test_anonymous_post_is_sent_to_log_in_and_claims_nothing(client, invitation, business):
    _, raw_token = invitation
    response = client.post(claim_url(raw_token))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    business.refresh_from_db()
    assert business.owner is None


def test_valid_token_makes_the_logged_in_user_the_owner(client, invitation, business):
    created, raw_token = invitation
    user = UserFactory()
    client.force_login(user)
    assert "Ini usaha saya" in client.get(claim_url(raw_token)).content.decode()

    response = client.post(claim_url(raw_token))
    assert response.url == reverse("owner:business_overview", args=[business.pk])
    business.refresh_from_db()
    created.refresh_from_db()
    assert business.owner == user
    assert created.used_by == user and created.used_at is not None
    assert user.groups.filter(name=roles.PELAKU_IKM).exists()


def test_sign_up_from_the_claim_page_comes_back_to_it(client, invitation):
    _, raw_token = invitation
    password = "Batik-Gedog-2025"
    response = client.post(
        reverse("accounts:signup"),
        {
            "name": "Sri",
            "email": "sri@example.id",
            "password1": password,
            "password2": password,
            "next": claim_url(raw_token),
        },
        follow=True,
    )
    assert response.context["next"] == claim_url(raw_token)
    login = client.post(
        reverse("accounts:login"), {"username": "sri@example.id", "password": password, "next": claim_url(raw_token)}
    )
    assert login.url == claim_url(raw_token)


def test_reused_token_fails_and_keeps_the_first_owner(client, invitation, business):
    _, raw_token = invitation
    first, second = UserFactory(), UserFactory()
    invitation_claim(raw_token=raw_token, user=first)
    client.force_login(second)
    for response in (client.get(claim_url(raw_token)), client.post(claim_url(raw_token))):
        assert response.status_code == 410
        assert "sudah dipakai" in response.content.decode()
    business.refresh_from_db()
    assert business.owner == first


def test_expired_token_fails(client, invitation, business):
    created, raw_token = invitation
    Invitation.objects.filter(pk=created.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory())
    response = client.post(claim_url(raw_token))
    assert response.status_code == 410
    assert "kedaluwarsa" in response.content.decode()
    business.refresh_from_db()
    assert business.owner is None
    with pytest.raises(ValidationError):
        invitation_claim(raw_token=raw_token, user=UserFactory())


def test_token_of_a_business_owned_by_someone_else_fails(client, pelaku, other_pelaku):
    taken = other_pelaku.businesses.get()
    _, raw_token = invitation_create(business=taken)
    client.force_login(pelaku)
    response = client.post(claim_url(raw_token))
    assert response.status_code == 409
    assert "sudah terhubung dengan akun lain" in response.content.decode()
    taken.refresh_from_db()
    assert taken.owner == other_pelaku
    with pytest.raises(ValidationError) as error:
        invitation_claim(raw_token=raw_token, user=pelaku)
    assert error.value.code == "owned"


def test_unknown_token_answers_404_with_an_indonesian_message(client):
    response = client.get(claim_url("bukan-token-yang-benar"))
    assert response.status_code == 404
    assert "Tautan undangan tidak dikenal" in response.content.decode()


def test_dinas_creates_an_invitation_in_the_admin_and_sees_the_link_once(dinas_client, dinas, business):
    response = dinas_client.post(reverse("admin:accounts_invitation_add"), {"business": business.pk})
    assert response.status_code == 302
    created = Invitation.objects.get()
    assert created.created_by == dinas
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "/akun/klaim/" in str(m)]
    raw_token = message.rsplit("/akun/klaim/", 1)[1].strip("/")
    assert Invitation.hash_token(raw_token) == created.token_hash
    assert raw_token in dinas_client.get(response.url).content.decode()  # shown once, after saving
    # Later pages never show the token again.
    html = dinas_client.get(reverse("admin:accounts_invitation_change", args=[created.pk])).content.decode()
    assert raw_token not in html and created.token_hash not in html


def test_invitation_admin_lists_and_searches_by_business(dinas_client, business):
    invitation_create(business=business)
    response = dinas_client.get(reverse("admin:accounts_invitation_changelist"), {"q": "Tenun Ikat"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


def test_revoke_action_expires_unused_invitations(dinas_client, invitation):
    created, _ = invitation
    dinas_client.post(
        reverse("admin:accounts_invitation_changelist"),
        {"action": "revoke", "_selected_action": [created.pk]},
    )
    created.refresh_from_db()
    assert created.is_expired


def test_owner_without_dinas_rights_cannot_open_the_invitation_admin(client, pelaku, pimpinan):
    for user in (pelaku, pimpinan):
        client.force_login(user)
        response = client.get(reverse("admin:accounts_invitation_changelist"))
        assert response.status_code in (302, 403)


def test_create_invitation_command_prints_a_working_link(client, business):
    out = StringIO()
    call_command("create_invitation", str(business.pk), "--base-url", "https://ikm.tubankab.go.id", stdout=out)
    url = out.getvalue().strip().splitlines()[-1]
    assert url.startswith("https://ikm.tubankab.go.id/akun/klaim/")
    client.force_login(UserFactory())
    assert client.get(url.removeprefix("https://ikm.tubankab.go.id")).status_code == 200
