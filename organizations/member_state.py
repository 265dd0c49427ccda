"""Membership.business_active / business_points / business_reachable / business_name: copies
of the member business's status, stored completeness, reachability (an account, or an email
on the profile) and name, that the drive pages count and the member list sorts and searches
without joining the businesses.

Updated when the business changes (registry.completeness_store sends
`business_state_changed` after every recomputation: saves of the business and its products,
photos, market areas and reports, merges, anonymisation, the demo seeder and
`manage.py refresh_completeness`), and when a membership is saved with another business.
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.signals import post_save

from registry.completeness_store import business_state_changed
from registry.models import Business

from .models import Membership

STATE_FIELDS = ("business_active", "business_points", "business_reachable", "business_name")


def sync_member_state(memberships, fields=STATE_FIELDS):
    """Copy their businesses' state onto `memberships` (a queryset), in one UPDATE.
    `fields`: a migration passes the copies its schema has."""
    business = Business.objects.filter(pk=OuterRef("business_id"))
    values = {
        "business_active": Exists(business.filter(status=Business.Status.ACTIVE)),
        "business_points": Subquery(business.values("completeness_checks_passed")[:1]),
        "business_reachable": Exists(business.filter(Q(owner__isnull=False) | ~Q(email=""))),
        "business_name": Subquery(business.values("name")[:1]),
    }
    return memberships.update(**{name: values[name] for name in fields})


def business_changed(sender, businesses=None, **kwargs):
    memberships = Membership.objects.all()
    if businesses is not None:
        memberships = memberships.filter(business__in=businesses)
    sync_member_state(memberships)


def membership_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw or (not created and update_fields is not None and "business" not in update_fields):
        return
    sync_member_state(Membership.objects.filter(pk=instance.pk))


def connect():
    business_state_changed.connect(business_changed, dispatch_uid="membership_business_state")
    post_save.connect(membership_saved, sender=Membership, dispatch_uid="membership_business_state_saved")
