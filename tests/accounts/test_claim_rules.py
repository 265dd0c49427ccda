"""Who may claim a business through an invitation, Dinas hearing of every claim, and Dinas
undoing one (issue 12: nobody reaches personal data they should not)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Invitation, Notification
from accounts.services import invitation_claim, invitation_claim_undo, invitation_create
from organizations import services as membership_services
from organizations.models import Association
from registry.models import Business, Kecamatan
from tests.factories import AssistanceFactory, AssociationFactory, MembershipFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def umbrella(db):
    return AssociationFactory(name="Asosiasi IKM Tuban")


@pytest.fixture
def kerek_unit(umbrella):
    return AssociationFactory(
        name="Unit Kerek",
        parent=umbrella,
        unit_kind=Association.UnitKind.KECAMATAN,
        kecamatan=Kecamatan.objects.get(name="Kerek"),
    )


@pytest.fixture
def member(kerek_unit):
    """An unclaimed member business of the Kerek unit, with its NPWP and an aid record."""
    membership = MembershipFactory(
        association=kerek_unit, business__owner=None, business__npwp="", business__email="tenun@example.id"
    )
    AssistanceFactory(business=membership.business, programme="Bantuan Alat Disnakerin")
    return membership


@pytest.fixture
def unit_officer(kerek_unit):
    return OfficerFactory(association=kerek_unit).user


def make_link(member, by):
    return membership_services.membership_invite(membership=member, by=by)


def claim(client, user, token):
    client.force_login(user)
    return client.post(reverse("accounts:claim", args=[token]))


def assert_unclaimed(member):
    member.business.refresh_from_db()
    assert member.business.owner is None


def test_the_officer_who_made_the_link_cannot_claim_the_business(client, member, unit_officer):
    token = make_link(member, unit_officer)
    client.force_login(unit_officer)
    response = client.get(reverse("accounts:claim", args=[token]))
    assert response.status_code == 403
    assert "Anda yang membuat tautan ini" in response.content.decode()
    assert "Ini usaha saya" not in response.content.decode()
    assert claim(client, unit_officer, token).status_code == 403
    assert_unclaimed(member)
    # Nor through the service directly, and the link stays usable for the real owner.
    with pytest.raises(ValidationError) as error:
        invitation_claim(raw_token=token, user=unit_officer)
    assert error.value.code == "creator"
    assert Invitation.objects.usable().filter(business=member.business).exists()


def test_another_officer_of_the_same_unit_cannot_claim(client, member, unit_officer, kerek_unit):
    token = make_link(member, unit_officer)
    colleague = OfficerFactory(association=kerek_unit).user
    response = claim(client, colleague, token)
    assert response.status_code == 403
    assert "Pengurus asosiasi tempat usaha ini menjadi anggota" in response.content.decode()
    assert_unclaimed(member)


def test_an_officer_of_the_umbrella_cannot_claim_a_sub_unit_member(client, member, unit_officer, umbrella):
    token = make_link(member, unit_officer)
    umbrella_officer = OfficerFactory(association=umbrella).user
    assert claim(client, umbrella_officer, token).status_code == 403
    assert_unclaimed(member)


def test_a_link_dinas_made_cannot_be_claimed_by_the_units_officer_either(client, member, unit_officer, dinas):
    _invitation, token = invitation_create(business=member.business, created_by=dinas)
    assert claim(client, unit_officer, token).status_code == 403
    assert_unclaimed(member)


def test_an_officer_whose_term_ended_is_an_ordinary_person_again(client, member, unit_officer, kerek_unit):
    from datetime import date

    token = make_link(member, unit_officer)
    former = OfficerFactory(association=kerek_unit, term_start=date(2020, 1, 1), term_end=date(2024, 12, 31)).user
    assert claim(client, former, token).status_code == 302
    member.business.refresh_from_db()
    assert member.business.owner == former


def test_the_owner_claims_and_then_sees_the_aid_records(client, member, unit_officer):
    token = make_link(member, unit_officer)
    owner = UserFactory(email="tenun@example.id")
    response = claim(client, owner, token)
    assert response.status_code == 302
    member.business.refresh_from_db()
    assert member.business.owner == owner
    page = client.get(reverse("owner:assistance", args=[member.business.pk]))
    assert "Bantuan Alat Disnakerin" in page.content.decode()


def test_dinas_staff_get_an_email_about_each_claim(
    client, member, unit_officer, dinas, django_capture_on_commit_callbacks
):
    token = make_link(member, unit_officer)
    mail.outbox.clear()
    UserFactory(username="lain", email="lain@example.id")  # no Dinas permission: not told
    claimant = UserFactory(email="orang.lain@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        claim(client, claimant, token)
    [message] = mail.outbox
    assert message.to == [dinas.email]
    assert member.business.name in message.subject
    body = message.body
    assert claimant.email in body
    assert str(unit_officer) in body  # who made the link
    assert "berbeda dari kontak usaha" in body  # the claimant is not the business's contact
    invitation = Invitation.objects.get(business=member.business)
    assert reverse("admin:accounts_invitation_change", args=[invitation.pk]) in body


def test_the_link_goes_to_the_business_email_when_the_officer_makes_it(
    officer_member_client, django_capture_on_commit_callbacks
):
    client, member = officer_member_client
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = client.post(reverse("organizations:member_invite", args=[member.pk]))
    [message] = mail.outbox
    assert message.to == ["tenun@example.id"]
    assert response.context["invitation_url"] in message.body
    assert "data-emailed" in response.content.decode()


@pytest.fixture
def officer_member_client(client, member, unit_officer):
    client.force_login(unit_officer)
    return client, member


def undo_in_admin(client, invitation):
    return client.post(
        reverse("admin:accounts_invitation_changelist"),
        {"action": "undo_claim", "_selected_action": [invitation.pk]},
    )


def test_dinas_undoes_a_claim_in_the_admin(dinas_client, dinas, member, unit_officer):
    token = make_link(member, unit_officer)
    wrong_person = UserFactory()
    invitation_claim(raw_token=token, user=wrong_person)
    invitation = Invitation.objects.get(business=member.business)

    response = undo_in_admin(dinas_client, invitation)
    assert response.status_code == 302
    business = Business.objects.get(pk=member.business.pk)
    assert business.owner is None
    invitation.refresh_from_db()
    assert invitation.undone_by == dinas and invitation.undone_at is not None
    # Logged: the business's history and the admin log say who did it.
    latest = business.history.first()
    assert latest.owner_id is None and latest.history_user == dinas
    assert "dibatalkan" in latest.history_change_reason
    assert LogEntry.objects.filter(object_id=str(business.pk), user=dinas).exists()
    # The former owner is told and no longer reaches the business.
    notice = Notification.objects.get(recipient=wrong_person)
    assert business.name in notice.message
    dinas_client.force_login(wrong_person)
    assert dinas_client.get(reverse("owner:assistance", args=[business.pk])).status_code == 404
    # The changelist says so.
    dinas_client.force_login(dinas)
    assert "Klaim dibatalkan" in dinas_client.get(reverse("admin:accounts_invitation_changelist")).content.decode()


def test_undo_is_refused_for_an_unused_link_and_a_second_time(dinas, member, unit_officer):
    token = make_link(member, unit_officer)
    invitation = Invitation.objects.get(business=member.business)
    with pytest.raises(ValidationError):
        invitation_claim_undo(invitation=invitation, by=dinas)
    owner = UserFactory()
    invitation_claim(raw_token=token, user=owner)
    invitation_claim_undo(invitation=invitation, by=dinas)
    with pytest.raises(ValidationError):
        invitation_claim_undo(invitation=invitation, by=dinas)
    assert Notification.objects.filter(recipient=owner).count() == 1


def test_undo_does_not_take_a_business_from_a_later_owner(dinas, member, unit_officer):
    token = make_link(member, unit_officer)
    invitation_claim(raw_token=token, user=UserFactory())
    later = UserFactory()
    Business.objects.filter(pk=member.business.pk).update(owner=later)
    with pytest.raises(ValidationError):
        invitation_claim_undo(invitation=Invitation.objects.get(business=member.business), by=dinas)
    assert Business.objects.get(pk=member.business.pk).owner == later


def test_officers_and_owners_cannot_undo_claims(client, member, unit_officer, pelaku):
    token = make_link(member, unit_officer)
    owner = UserFactory()
    invitation_claim(raw_token=token, user=owner)
    invitation = Invitation.objects.get(business=member.business)
    for user in (unit_officer, pelaku):
        client.force_login(user)
        response = undo_in_admin(client, invitation)
        assert response.status_code in (302, 403)
    assert Business.objects.get(pk=member.business.pk).owner == owner


def test_dinas_is_told_when_the_claimant_is_the_business_contact(
    client, member, unit_officer, dinas, django_capture_on_commit_callbacks
):
    token = make_link(member, unit_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        claim(client, UserFactory(email="tenun@example.id"), token)
    [message] = mail.outbox
    assert "sama dengan kontak usaha yang tercatat" in message.body
