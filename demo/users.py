"""The demo logins (dinas, pimpinan, pengurus, pelaku), the other officers' accounts and the
published demo authenticator key of the staff."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tuban_ikm import roles

# The demo logins: username -> (role group, is_staff, first name, last name).
DEMO_USERS = {
    "dinas": (roles.STAF_DINAS, True, "Rina", "Kusumawati"),
    "pimpinan": (roles.PIMPINAN, True, "Bambang", "Hartono"),
    "pengurus": (roles.PENGURUS_ASOSIASI, False, "Slamet", "Riyadi"),
    "pelaku": (roles.PELAKU_IKM, False, "", ""),  # named after the business they own
}
# Other officers: accounts without a usable password.
OFFICER_USERS = {
    "pengurus_sekretaris": ("Umi", "Mufidah"),
    "pengurus_bendahara": ("Heri", "Susanto"),
    "pengurus_kerek": ("Kasmirah", "Utami"),
    "pengurus_batik": ("Painah", "Setyowati"),
}


def demo_users_ensure(*, password):
    """Create or update the four demo logins (password reset to `password`); returns them by name."""
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=[r[0] for r in DEMO_USERS.values()])}
    users = {}
    for username, (role, is_staff, first_name, last_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username)
        if created or first_name:
            user.first_name, user.last_name = first_name or user.first_name, last_name or user.last_name
        user.is_staff = is_staff
        user.is_active = True
        user.set_password(password)
        user.save()
        if role in groups:
            user.groups.set([groups[role]])
        if is_staff:
            demo_staff_otp_ensure(user=user)
        users[username] = user
    return users


# Demo staff sign in with two-factor verification like real staff. Their authenticator key is
# this published value (add it to any TOTP app, or run `manage.py demo_otp_code`): demo only.
DEMO_TOTP_SECRET = "TUBANIKMDEMOTUBANIKMDEMOTUBANIKM"


def demo_otp_code():
    """The current six-digit code of DEMO_TOTP_SECRET."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"


def demo_staff_otp_ensure(*, user):
    """Give a demo staff account a confirmed authenticator with DEMO_TOTP_SECRET."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    TOTPDevice.objects.get_or_create(user=user, key=key, defaults={"name": "Demo", "confirmed": True})


def officer_user(username, first_name, last_name, group):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        if group:
            user.groups.add(group)
    return user
