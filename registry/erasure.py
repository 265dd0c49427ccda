"""The registry's part of erasing a person (accounts.anonymisation.erasing, connected in
RegistryConfig.ready()): the personal fields of the businesses and their history rows, the
publication choices and the published snapshot's personal keys."""

from accounts.anonymisation import scrub, without_personal_keys

from .completeness_store import refresh_completeness
from .models import Business
from .signals import send_businesses_changed


def erase_businesses(sender, *, business_ids, **kwargs):
    businesses = Business.objects.filter(pk__in=business_ids)
    scrub(businesses)
    # The erased phone, email and address count as missing (queryset updates send no signal).
    refresh_completeness(businesses)
    businesses.update(publish_phone=False, publish_email=False, publish_address=False)
    send_businesses_changed(business_ids)
    for business in businesses.exclude(published_snapshot=None):
        Business.objects.filter(pk=business.pk).update(
            published_snapshot=without_personal_keys(business.published_snapshot)
        )
