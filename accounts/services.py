"""Writes of the accounts app: sign-up, invitations to claim a business, personal-data
requests. Views call these; each runs in one transaction."""

import logging
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tuban_ikm.outbox import email_queue
from tuban_ikm.roles import PELAKU_IKM

from .models import DataRequest, Invitation, Notification, invitation_days

logger = logging.getLogger(__name__)
User = get_user_model()


def _add_to_owner_group(user):
    group, _created = Group.objects.get_or_create(name=PELAKU_IKM)
    user.groups.add(group)


def _unique_username(name):
    """A username owners need not remember (they log in with email or phone)."""
    base = slugify(name)[:20].strip("-") or "pengguna"
    while True:
        username = f"{base}-{get_random_string(5, '0123456789')}"
        if not User.objects.filter(username__iexact=username).exists():
            return username


def signup_conflicts(*, email="", phone=None):
    """Accounts that already hold this email (or have it as username) or this phone."""
    condition = Q(pk__in=[])
    if email:
        condition |= Q(email__iexact=email) | Q(username__iexact=email)
    if phone:
        condition |= Q(phone=phone)
    return User.objects.filter(condition)


@transaction.atomic
def user_signup(*, name, password, email="", phone=None, site_url=""):
    """Create an owner's account (group "Pelaku IKM") from the sign-up form and return it.

    `email` and `phone` are expected clean (lower-case email, phone as +62…); at least
    one of them is required. When either already belongs to an account nothing is created
    and None is returned; the holder is told by email (when the account has one). The
    sign-up page says the same either way, so it cannot be used to find out who is
    registered.
    """
    email = (email or "").strip().lower()
    if not email and not phone:
        raise ValidationError({"email": _("Isi email atau nomor HP (salah satu cukup).")})
    existing = list(signup_conflicts(email=email, phone=phone))
    if existing:
        User().set_password(password)  # the same hashing cost as a real sign-up
        holders = [user for user in existing if user.email]
        signup_attempt_notify(users=holders, site_url=site_url)
        logger.info("Sign-up refused: email or phone of existing account(s) %s", [u.pk for u in existing])
        return None
    user = User(username=_unique_username(name), first_name=name.strip(), email=email, phone=phone or None)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _add_to_owner_group(user)
    return user


def signup_attempt_notify(*, users, site_url=""):
    """Tell each account holder that someone tried to sign up with their email or phone."""
    base = site_url.rstrip("/")
    context = {"login_url": base + reverse("accounts:login"), "reset_url": base + reverse("accounts:password_reset")}
    subject = _("[Registri IKM Tuban] Ada yang mencoba mendaftar dengan data Anda")
    # Through the outbox (sent after the commit, retried): the sign-up page answers the same
    # whether or not the mail server is up.
    for user in users:
        body = render_to_string("accounts/signup_attempt_email.txt", {**context, "user": user})
        email_queue(subject=subject, body=body, to=[user.email], kind="signup_attempt")
    return len(users)


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, business, created_by=None):
    """Create a one-time claim link for `business` and return (invitation, raw_token).

    The raw token exists only in the return value (show it once); the database keeps its
    SHA-256. Older unused invitations for the same business stop working, so at most one
    live link per business is in circulation.
    """
    now = timezone.now()
    Invitation.objects.filter(business=business, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation(business=business, created_by=created_by, token_hash=Invitation.hash_token(raw_token))
    invitation.full_clean()
    invitation.save()
    return invitation, raw_token


def invitations_create(*, businesses, created_by=None):
    """Claim links for many businesses that have none yet (an import's new businesses), in
    one insert per thousand; returns [(business, raw_token)]. Businesses that might already
    have a live link go through invitation_create, which ends the old one."""
    made, invitations = [], []
    for business in businesses:
        raw_token = secrets.token_urlsafe(32)
        invitations.append(
            Invitation(business=business, created_by=created_by, token_hash=Invitation.hash_token(raw_token))
        )
        made.append((business, raw_token))
    Invitation.objects.bulk_create(invitations, batch_size=1000)
    return made


def invitation_for_token(raw_token):
    """The invitation a raw token names (used or not), or None."""
    return (
        Invitation.objects.select_related("business__desa__kecamatan", "business__owner")
        .filter(token_hash=Invitation.hash_token(raw_token or ""))
        .first()
    )


def invitation_check(invitation, *, user=None):
    """Raise ValidationError (code unknown, used, expired or owned) with the reason
    `invitation` cannot be claimed by `user`."""
    if invitation is None:
        raise ValidationError(
            _("Tautan undangan tidak dikenal. Periksa kembali tautan yang Anda terima."), code="unknown"
        )
    if invitation.is_used:
        raise ValidationError(
            _("Tautan undangan ini sudah dipakai. Setiap tautan hanya berlaku satu kali."), code="used"
        )
    if invitation.is_expired:
        raise ValidationError(
            _("Tautan undangan ini sudah kedaluwarsa. Mintalah tautan baru kepada Dinas."), code="expired"
        )
    # Without a user (visitor not logged in yet) ownership is checked after log-in.
    owner_id = invitation.business.owner_id
    if owner_id and user is not None and owner_id != user.pk:
        raise ValidationError(
            _("Usaha ini sudah terhubung dengan akun lain. Hubungi Dinas bila menurut Anda ini keliru."),
            code="owned",
        )
    if user is not None:
        claimant_check(invitation, user=user)


#: Further refusals that rooms above accounts add in their AppConfig.ready(): each is called
#: as `check(invitation, user=user)` and raises ValidationError (organizations refuses its
#: officers' claims on their members' businesses).
CLAIMANT_CHECKS = []


def _locked_business(invitation):
    # accounts lies below registry: the Business model is reached through the invitation's
    # foreign key instead of an import.
    business_model = Invitation._meta.get_field("business").related_model
    return business_model.objects.select_for_update().get(pk=invitation.business_id)


def claimant_check(invitation, *, user):
    """Refuse (ValidationError, code creator or officer) a claim by whoever made the link or
    by an officer of the business's association: a link is for the owner, and an officer
    who claimed a member's business would see its NPWP and aid records as its owner."""
    if invitation.created_by_id is not None and invitation.created_by_id == user.pk:
        raise ValidationError(
            _(
                "Anda yang membuat tautan ini, jadi Anda tidak dapat memakainya sendiri. "
                "Kirim tautan kepada pemilik usaha; bila usaha ini memang milik Anda, hubungi Dinas."
            ),
            code="creator",
        )
    for check in CLAIMANT_CHECKS:
        check(invitation, user=user)


@transaction.atomic
def invitation_claim(*, raw_token, user, site_url=""):
    """Make `user` the owner of the invitation's business and spend the invitation.

    Refuses (ValidationError, Indonesian message) an unknown, used or expired token, a
    business already linked to another account, and a claim by the link's creator or by an
    officer of the business's association. Dinas staff are emailed about every claim. Rows are locked so that two people
    clicking the same link at once cannot both succeed.
    """
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=Invitation.hash_token(raw_token or "")).first()
    )
    if invitation is not None:
        invitation.business = _locked_business(invitation)
    invitation_check(invitation, user=user)
    business = invitation.business
    business.owner = user
    business.save(update_fields=["owner", "updated_at"])
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])
    _add_to_owner_group(user)
    logger.info("Invitation %s: business %s claimed by user %s", invitation.pk, business.pk, user.pk)
    transaction.on_commit(lambda: invitation_claim_notify_staff(invitation=invitation, site_url=site_url))
    return invitation


def _contact_matches(user, business):
    """Whether the claimant's email or phone is the business's contact on record."""
    email_match = bool(user.email) and user.email.lower() == (business.email or "").lower()
    phone_match = bool(user.phone) and user.phone == business.phone
    return email_match or phone_match


def invitation_claim_notify_staff(*, invitation, site_url=""):
    """Email every Dinas staff member about a claim, one message each, with what they need
    to judge it: who made the link, who claimed, whether the claimant's contact is the
    business's, and where to undo it. Queued in the outbox; the claim stands."""
    recipients = list(dinas_staff_recipients().values_list("email", flat=True))
    if not recipients:
        logger.warning("Invitation %s: no Dinas staff with an email to notify of the claim", invitation.pk)
        return 0
    invitation = Invitation.objects.select_related("business", "created_by", "used_by").get(pk=invitation.pk)
    admin_path = reverse("admin:accounts_invitation_change", args=[invitation.pk])
    context = {
        "invitation": invitation,
        "business": invitation.business,
        "claimant": invitation.used_by,
        "contact_matches": _contact_matches(invitation.used_by, invitation.business),
        "admin_url": f"{site_url.rstrip('/')}{admin_path}",
    }
    subject = _("[Registri IKM Tuban] Usaha %(name)s diklaim") % {"name": invitation.business.name}
    body = render_to_string("accounts/claim_staff_email.txt", context)
    # Through the outbox: a mail server that is down delays the notice, never the claim.
    return len(email_queue(subject=subject, body=body, to=recipients, kind="claim", one_per_recipient=True))


@transaction.atomic
def invitation_claim_undo(*, invitation, by):
    """Dinas undoes a claim: the business goes back to unclaimed (its history says who and
    why), the invitation records the undo, and the former owner is told on their page.

    Refused when the invitation was never used, is undone already, or the business has
    meanwhile passed to someone else (that is changed on the business itself).
    """
    # Lock the invitation row only (PostgreSQL refuses FOR UPDATE across the nullable used_by).
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("used_by").get(pk=invitation.pk)
    if not invitation.is_used:
        raise ValidationError(_("Undangan ini belum dipakai: tidak ada klaim yang dapat dibatalkan."))
    if invitation.is_undone:
        raise ValidationError(_("Klaim ini sudah dibatalkan."))
    business = _locked_business(invitation)
    former = invitation.used_by
    if former is None or business.owner_id != former.pk:
        raise ValidationError(
            _("Pemilik usaha %(name)s sudah berubah sejak klaim ini; ubah pemiliknya di halaman usaha.")
            % {"name": business.name}
        )
    business.owner = None
    business._change_reason = _("Klaim lewat undangan dibatalkan oleh Dinas")
    business._history_user = by
    business.save(update_fields=["owner", "updated_at"])
    invitation.undone_at = timezone.now()
    invitation.undone_by = by
    invitation.save(update_fields=["undone_at", "undone_by"])
    Notification.objects.create(
        recipient=former,
        message=_(
            "Dinas membatalkan klaim Anda atas usaha %(name)s: usaha itu tidak lagi terhubung dengan akun Anda. "
            "Hubungi Dinas bila menurut Anda ini keliru."
        )
        % {"name": business.name},
    )
    logger.info("Invitation %s: claim of business %s undone by user %s", invitation.pk, business.pk, by.pk)
    return invitation


# --- Personal-data requests ----------------------------------------------------------------


def dinas_staff_recipients():
    """Active users who may change businesses (Dinas staff, superusers) and have an email."""
    permission = Permission.objects.filter(content_type__app_label="registry", codename="change_business")
    return (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .filter(Q(is_superuser=True) | Q(user_permissions__in=permission) | Q(groups__permissions__in=permission))
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def data_request_create(*, user, kind, message, business=None, site_url=""):
    """Record an owner's request to delete or correct their data and email Dinas staff
    once the transaction commits. `business`, when given, must be the user's own."""
    if business is not None and business.owner_id != user.pk:
        raise ValidationError({"business": _("Anda hanya dapat mengajukan permintaan untuk usaha Anda sendiri.")})
    data_request = DataRequest(user=user, business=business, kind=kind, message=(message or "").strip())
    data_request.full_clean()
    data_request.save()
    # Queued in the same transaction: the email exists exactly when the request does, and a
    # mail server that is down delays it (tuban_ikm.outbox) instead of failing the page.
    data_request_notify_staff(data_request=data_request, site_url=site_url)
    return data_request


def data_request_notify_staff(*, data_request, site_url=""):
    """Queue an email to every Dinas staff member about a new request, one message each
    (no shared To). Returns how many were queued."""
    recipients = list(dinas_staff_recipients().values_list("email", flat=True))
    if not recipients:
        logger.warning("Data request %s: no Dinas staff with an email to notify", data_request.pk)
        return 0
    admin_path = reverse("admin:accounts_datarequest_change", args=[data_request.pk])
    context = {"data_request": data_request, "admin_url": f"{site_url.rstrip('/')}{admin_path}"}
    subject = _("[Registri IKM Tuban] Permintaan %(kind)s data pribadi") % {
        "kind": data_request.get_kind_display().lower()
    }
    body = render_to_string("accounts/data_request_email.txt", context)
    return len(email_queue(subject=subject, body=body, to=recipients, kind="data_request", one_per_recipient=True))


def invitations_email(invitations, *, sender_name):
    """Email each claim link to the business's own address, where it has one.

    `invitations`: (business, absolute claim URL) pairs, e.g. from an import. Returns the
    businesses whose email was queued (tuban_ikm.outbox: a mail server that is down delays
    the emails, they are retried); the links are still shown to whoever created them.
    """
    emailed = []
    for business, url in invitations:
        if not business.email:
            continue
        body = render_to_string(
            "accounts/invitation_email.txt",
            {"business": business, "url": url, "sender_name": sender_name, "days": invitation_days()},
        )
        subject = _("Klaim profil usaha %(name)s di Registri IKM Tuban") % {"name": business.name}
        email_queue(subject=subject, body=body, to=[business.email], kind="invitation")
        emailed.append(business)
    return emailed


def password_reset_path(user):
    """The path of a one-time "choose a new password" page for `user` (Django's token: it
    stops working once the password changes, and after PASSWORD_RESET_TIMEOUT)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)}
    )


# --- Sign-in security: two-factor devices, lockouts -----------------------------------------

BACKUP_DEVICE_NAME = "Kode cadangan"
TOTP_DEVICE_NAME = "Aplikasi autentikator"


def otp_pending_device(*, user):
    """The user's unconfirmed authenticator device (made on first call): the secret shown
    on the setup page until a code from the app confirms it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def otp_device_confirm(*, user, device):
    """Make `device` the user's one authenticator (older ones stop working) and return a
    fresh set of backup codes."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    logger.info("User %s confirmed an authenticator device", user.pk)
    return otp_backup_codes_create(user=user)


@transaction.atomic
def otp_backup_codes_create(*, user):
    """Replace the user's backup codes with settings.OTP_BACKUP_CODES new ones (each works
    once) and return them: they exist in clear only in this return value's page."""
    from django.conf import settings
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(getattr(settings, "OTP_BACKUP_CODES", 10))]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def otp_devices_reset(*, user, by):
    """Remove every second-factor device of `user` (lost phone): at the next sign-in they
    set up a new one. Refused for one's own account and, unless `by` is a superuser, for
    superusers."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if user.pk == by.pk:
        raise ValidationError(_("Anda tidak dapat mengatur ulang verifikasi dua langkah akun Anda sendiri."))
    if user.is_superuser and not by.is_superuser:
        raise ValidationError(_("Hanya superuser yang dapat mengatur ulang verifikasi dua langkah superuser."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.info("User %s reset the second-factor devices of user %s", by.pk, user.pk)


def login_unlock(*, user):
    """Lift a django-axes lockout of `user` (attempts are recorded under the username,
    whatever identifier was typed). Returns the number of attempt records removed."""
    from axes.utils import reset

    return reset(username=user.get_username())
