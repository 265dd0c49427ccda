"""The four roles of the registry, as Django groups with their permissions.

`sync_roles` runs after every `migrate` (see apps.py), so a new model's permissions reach
the groups without a hand-written migration. Role membership and scoping rules that go
beyond model permissions (an owner sees only their business, an officer only their
association's members) live in the apps' `visible_to` QuerySet methods.
"""

from django.contrib.auth.models import Group, Permission

PELAKU_IKM = "Pelaku IKM"
PENGURUS_ASOSIASI = "Pengurus Asosiasi"
STAF_DINAS = "Staf Dinas"
PIMPINAN = "Pimpinan"
PEMBELI = "Pembeli"  # buyers (offices, BUMD, companies) who post on the demand board
# The OVOP assessment panel (tim penilai): rates products. A named panel, not every Dinas
# desk: Dinas staff who sit on it are added to this group as well.
PENILAI_OVOP = "Penilai OVOP"
ASSESS_ONLY = {"assess_product"}

DATA_APPS = ("registry", "organizations", "catalogue", "aid", "dashboard", "reporting")


def _data_permissions():
    return (
        Permission.objects.filter(content_type__app_label__in=DATA_APPS)
        .exclude(codename__in=ASSESS_ONLY)
        .select_related("content_type")
    )


def role_permissions():
    """Map each role to the permissions it should hold."""
    data = list(_data_permissions())
    # Staff handle invitations and personal-data requests and may look users up, but not
    # edit accounts: change_user would let them grant themselves superuser rights.
    accounts = Permission.objects.filter(content_type__app_label="accounts").filter(
        codename__regex=r"(invitation|datarequest)$"
    )
    # Sign-in support: see and lift lockouts (django-axes), reset a lost authenticator.
    sign_in = Permission.objects.filter(
        content_type__app_label="axes", codename__in=["view_accessattempt", "delete_accessattempt", "view_accesslog"]
    ) | Permission.objects.filter(content_type__app_label="otp_totp", codename="delete_totpdevice")
    # Messages with owners and officers, and the contact details shown to them. Not in
    # DATA_APPS: Pimpinan reads figures, not the conversations (the dashboard's count of
    # open topics needs no permission beyond the dashboard's).
    talk = Permission.objects.filter(content_type__app_label="messaging") | Permission.objects.filter(
        content_type__app_label="tuban_ikm",
        codename__in=["add_dinascontact", "change_dinascontact", "view_dinascontact"],
    )
    staff = [
        *data,
        *talk,
        *accounts,
        *sign_in,
        *Permission.objects.filter(content_type__app_label="accounts", codename="view_user"),
    ]
    # Pimpinan reads and exports: no writes, no personal data.
    leader = [p for p in data if p.codename.startswith(("view_", "export_")) and p.codename != "view_personal_data"]
    return {
        STAF_DINAS: staff,
        PIMPINAN: leader,
        # Owners and officers work in their own pages, never in the admin: their access
        # is scoped per object there, which model permissions cannot express.
        PENGURUS_ASOSIASI: [],
        PELAKU_IKM: [],
        PEMBELI: list(Permission.objects.filter(content_type__app_label="catalogue", codename="add_demand")),
        PENILAI_OVOP: list(
            Permission.objects.filter(
                content_type__app_label="catalogue", codename__in=["assess_product", "view_productassessment"]
            )
        ),
    }


def sync_roles():
    for name, permissions in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
