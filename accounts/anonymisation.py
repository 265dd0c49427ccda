"""Anonymising an owner on a deletion request (UU 27/2022 art. 8 and 16: the right to erasure).

`data_request_anonymise` replaces every personal field of the central list
(tuban_ikm/personal.py) in the owner's businesses and account, in their history rows, in
aid application snapshots, announcement and reminder logs and pending import previews,
and deletes the files that show the person (aid documents, signed receipts, visit photos).
The business itself stays, with what the registry's figures are made of: products,
production, workers, investment, size classes, desa and kecamatan. So do the records that
the request was made and handled.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from tuban_ikm import personal

from .models import DataRequest

#: Shown instead of a required text (owner name, address) once the person is erased.
ERASED = "[dihapus]"

#: Sent inside the erasing transaction, before the account itself is erased, so that every room
#: above accounts erases what it holds about the person: `business_ids` (the owner's
#: businesses and the one the request names), `user` (or None) and `needles` (the names,
#: numbers and addresses as they were, to find copies in free text). Receivers are connected
#: in each app's AppConfig.ready() and use `scrub` and `mentions` below; an exception rolls
#: the whole erasure back.
erasing = Signal()


def _blank(model_field):
    """What a personal field holds once erased."""
    if model_field.null:
        return None
    if isinstance(model_field, models.FileField) or model_field.blank or model_field.choices:
        return ""
    return ERASED


def without_personal_keys(snapshot):
    if not isinstance(snapshot, dict):
        return snapshot
    return {key: value for key, value in snapshot.items() if key not in personal.SNAPSHOT_PERSONAL_KEYS}


def scrub(queryset):
    """Erase the personal fields of every row of `queryset`, and of its history rows.

    Files are deleted from storage first; foreign keys that cannot be empty are left (they
    point at an account that is erased itself); JSON snapshots lose their personal keys.
    """
    model = queryset.model
    names = personal.fields_of(model)
    if not names:
        return 0
    fields = [model._meta.get_field(name) for name in names]
    count = 0
    for obj in queryset:
        values = {}
        for model_field in fields:
            if isinstance(model_field, models.FileField):
                file = getattr(obj, model_field.name)
                if file:
                    file.delete(save=False)
                values[model_field.name] = ""
            elif isinstance(model_field, models.JSONField):
                values[model_field.name] = without_personal_keys(getattr(obj, model_field.name))
            elif model_field.is_relation:
                if model_field.null:
                    values[model_field.name] = None
            else:
                values[model_field.name] = _blank(model_field)
        model._default_manager.filter(pk=obj.pk).update(**values)
        history = getattr(obj, "history", None)
        if history is not None:
            history_names = {f.name for f in history.model._meta.get_fields()}
            history.all().update(**{name: value for name, value in values.items() if name in history_names})
        count += 1
    return count


def mentions(payload, needles):
    text = str(payload).casefold()
    return any(needle.casefold() in text for needle in needles if needle and len(needle) >= 5)


@transaction.atomic
def data_request_anonymise(*, data_request, by):
    """Erase the personal data of the request's owner and of their businesses; mark the request done.

    Refuses anything but an open deletion request. Safe against a second click: a handled
    request is refused, and erasing erased data changes nothing.
    """
    from tuban_ikm.models import OutboundEmail

    from .models import Invitation, Notification

    data_request = DataRequest.objects.select_for_update().get(pk=data_request.pk)
    if data_request.kind != DataRequest.Kind.DELETION:
        raise ValidationError(_("Hanya permintaan penghapusan yang dapat dijalankan sebagai anonimisasi."))
    if data_request.status == DataRequest.Status.DONE:
        raise ValidationError(_("Permintaan ini sudah selesai ditangani."))
    user = data_request.user
    # accounts lies below registry: the Business model is reached through the request's key.
    business_model = DataRequest._meta.get_field("business").related_model
    businesses = business_model.objects.none()
    if user is not None:
        businesses = business_model.objects.filter(owner=user)
    if data_request.business_id:
        businesses = businesses | business_model.objects.filter(pk=data_request.business_id)
    businesses = business_model.objects.filter(pk__in=list(businesses.values_list("pk", flat=True)))
    business_ids = list(businesses.values_list("pk", flat=True))

    # What copies (import previews, emails, export filters) would contain about these people.
    needles = [value for b in businesses for value in (b.nib, b.owner_name, b.phone, b.email, b.address)]
    if user is not None:
        needles += [user.get_full_name(), user.email, user.phone or ""]
    quoted = [n for n in needles if n and n != ERASED]
    # Emails waiting in (or kept for 30 days by) the outbox that are addressed to these people
    # or quote them: a data-request notice to Dinas quotes the owner's name and contact.
    for email in OutboundEmail.objects.all().iterator():
        if mentions([email.to, email.subject, email.body], quoted):
            email.delete()

    # The businesses, their published copies, aid files, reminders, previews and export
    # filters belong to the rooms above; each erases its own (registry, organizations,
    # catalogue, aid, reporting, dashboard: their erasure.py).
    erasing.send(sender=DataRequest, data_request=data_request, business_ids=business_ids, user=user, needles=quoted)
    scrub(Invitation.objects.filter(business__in=business_ids))

    if user is not None:
        # The person's own on-site notices (they name their businesses and decisions about them).
        Notification.objects.filter(recipient=user).delete()
        scrub(get_user_model().objects.filter(pk=user.pk))
        user.refresh_from_db()
        user.username = f"terhapus-{user.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["username", "is_active", "password"])
        # The admin's own log names the account as it was called then.
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
            object_repr=user.username, change_message=""
        )

    # Apps above accounts erase what the person wrote there (e.g. messaging's threads).
    from .signals import personal_data_erased

    personal_data_erased.send(sender=DataRequest, user=user, businesses=businesses)

    data_request.status = DataRequest.Status.DONE
    data_request.handled_by = by
    data_request.handled_at = timezone.now()
    data_request.message = _("(isi permintaan dihapus bersama data pribadi)")
    data_request.response = _("Data pribadi dianonimkan oleh Dinas: %(count)s usaha dan akun pemilik.") % {
        "count": len(business_ids)
    }
    data_request.save()
    if user is not None:
        # Earlier admin log rows of the owner's requests were titled with the owner's name.
        for own in DataRequest.objects.filter(user=user).select_related("user"):
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(DataRequest), object_id=str(own.pk)
            ).update(object_repr=str(own)[:200])
    return data_request
