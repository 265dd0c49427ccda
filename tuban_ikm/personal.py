"""Personal data (UU 27/2022): the one list of which fields hold it, and who may see them.

Everything that shows, searches, filters or exports records reads this list: the admin
(`tuban_ikm.personal_admin.PersonalDataAdminMixin`, inlines included), the sheets of
`registry.resources`, the review queue, the anonymisation service and the test that walks
every admin page and export as Pimpinan (tests/personal). Add a field here and all of them
follow, the test included.

Staff names on audit fields (verified_by, decided_by, created_by...) are not listed: they
record who acted for the Dinas, not data about an owner.
"""

from django.apps import apps

PERMISSION = "registry.view_personal_data"

#: model label (app_label.model_name, lower case) -> names of fields holding personal data.
#: Foreign keys to a person's account count too: they are shown as the person's name.
PERSONAL_FIELDS = {
    "accounts.user": ("first_name", "last_name", "email", "phone"),
    "registry.business": (
        "owner",
        "owner_name",
        "owner_gender",
        # NPWP of a perorangan business is the owner's own tax number (the NIK for many).
        "npwp",
        "phone",
        "email",
        "address",
        # A home industry's map point is the owner's home.
        "latitude",
        "longitude",
    ),
    # The snapshot copies owner name, phone and address at application time.
    "aid.application": ("applicant", "snapshot"),
    # Applicants upload KTP/KK copies; receipts carry a signature; visit photos show people.
    # The uploader's file name is kept beside the random stored one ("ktp-siti.pdf").
    "aid.applicationdocument": ("file", "original_name"),
    "aid.handover": ("receipt", "receipt_name"),
    "aid.monitoringvisit": ("photo", "photo_name"),
    "aid.delivery": ("user", "email"),
    "aid.announcementpreference": ("user",),
    "organizations.drivereminder": ("email",),
    "organizations.officer": ("user",),
    # The owner's account that sent a period report; reminders go to the business's contact.
    "reporting.periodreport": ("submitted_by",),
    "reporting.reportreminder": ("email",),
    # The account that claimed a business (the owner).
    "accounts.invitation": ("used_by",),
}

#: Keys of JSON snapshots that copy personal fields of a business.
SNAPSHOT_PERSONAL_KEYS = ("owner_name", "owner_gender", "npwp", "phone", "email", "address", "latitude", "longitude")


def label(model):
    return model._meta.label_lower


def fields_of(model):
    """The personal fields of `model` (a class or instance), or ()."""
    return PERSONAL_FIELDS.get(label(model), ())


def may_see(user):
    return bool(user and user.has_perm(PERMISSION))


def hidden_fields(model, user):
    """The fields of `model` that `user` may not see."""
    return () if may_see(user) else fields_of(model)


def path_touches_personal(model, path):
    """Whether a lookup or search path such as "business__owner__phone__startswith" reads a
    personal field of `model` or of any model it passes through."""
    parts = path.lstrip("^=@").split("__")
    current = model
    for part in parts:
        if current is None:
            return False
        if part in fields_of(current):
            return True
        try:
            field = current._meta.get_field(part)
        except Exception:  # a lookup name (startswith, in...) or an unknown name: stop here
            return False
        current = field.related_model if field.is_relation else None
    return False


def models_with_personal_data():
    return [apps.get_model(name) for name in PERSONAL_FIELDS]
