"""The association's part of the registry's spreadsheet import (registry/importing/).

- The "Keanggotaan" sheet (Dinas only): memberships matched on (business, association).
- The hooks of the officers' import: its businesses become active members of the
  importing association, numbered after the highest number in use, under a lock on the
  umbrella; written in one bulk insert with their history.

Registered from OrganizationsConfig.ready(); the engine never imports this app.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from registry import importing
from registry.resources import RESOURCES

from .models import Association, Membership
from .resources import MembershipResource


def validate_memberships(validation, rows):
    sheet = importing.SHEETS_BY_KEY["memberships"]
    associations = {a.name.lower(): a for a in Association.objects.select_related("parent")}
    writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n not in ("business",)]
    for row in rows:
        name = str(row.values.get("association") or "").strip()
        row.association_id = None
        if not name:
            row.error("association", _("Wajib diisi."))
        elif name.lower() in associations:
            row.association = associations[name.lower()]
            row.association_id = row.association.pk
        else:
            row.error("association", _("Asosiasi/unit “%(name)s” tidak dikenal.") % {"name": name})
    plain = [n for n in writable if n != "association"]
    for row, _cleaned, instance, before in validation.business_children(
        rows, sheet.resource._meta.model, plain, ("association_id",)
    ):
        if row.association_id is not None:
            instance.association = row.association
        validation.model_checks(row, instance, before, exclude=["business", "association", "umbrella"])
        row.instance = instance


MEMBERSHIP_SHEET = importing.Sheet(
    "memberships",
    MembershipResource,
    position=50,
    template_fields=None,
    required_fields=("status",),
    needed_columns=(("association",), ("business", "business_nib", "business_name")),
    lookup_fields=("business", "business_nib", "business_name", "business_kecamatan", "association", "umbrella"),
    validator=validate_memberships,
)


class MembershipHooks(importing.AssociationHooks):
    def lock(self, association):
        return Association.objects.select_for_update().get(pk=association.umbrella.pk)

    def member_business_ids(self, association, business_ids):
        return Membership.objects.filter(
            umbrella_id=association.umbrella.pk,
            status=Membership.Status.ACTIVE,
            business_id__in=business_ids,
        ).values_list("business_id", flat=True)

    def enrol(self, association, rows, *, user=None, date=None):
        from .services import next_member_number

        if not rows:
            return []
        umbrella = self.lock(association)
        number = int(next_member_number(umbrella))
        today = timezone.localdate()
        memberships = []
        for offset, row in enumerate(rows):
            memberships.append(
                Membership(
                    business=row.instance,
                    association=association,
                    umbrella_id=umbrella.pk,
                    status=Membership.Status.ACTIVE,
                    member_number=f"{number + offset:05d}",
                    joined_on=row.joined_on or today,
                )
            )
        created = Membership.objects.bulk_create(memberships, batch_size=500)
        importing.insert_history(created, Membership, history_type="+", user=user, date=date or timezone.now())
        return created


def register():
    importing.register_sheet(MEMBERSHIP_SHEET)
    importing.register_association_hooks(MembershipHooks())
    RESOURCES["memberships"] = MembershipResource
