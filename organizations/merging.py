"""Memberships follow a merged business (registry.signals.business_merging, connected in
OrganizationsConfig.ready())."""

from .models import Membership


def move_memberships(sender, *, keep, remove, reason, **kwargs):
    active_umbrellas = set(
        Membership.objects.filter(business=keep, status=Membership.Status.ACTIVE).values_list("umbrella_id", flat=True)
    )
    for membership in Membership.objects.filter(business=remove).select_related("association__parent"):
        membership.business = keep
        if membership.status == Membership.Status.ACTIVE and membership.umbrella_id in active_umbrellas:
            # One active membership per umbrella: the kept record's stays, this one ends.
            membership.status = Membership.Status.INACTIVE
        elif membership.status == Membership.Status.ACTIVE:
            active_umbrellas.add(membership.umbrella_id)
        membership._change_reason = reason
        membership.save()
    return {Membership}
