"""A business closed, moved or not found leaves the public catalogue at once, without
waiting for a new verification."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from registry.models import Business
from registry.signals import businesses_changed

from .models import PublishedBusiness


@receiver(post_save, sender=Business, dispatch_uid="catalogue_unpublish_inactive")
def unpublish_inactive_business(sender, instance, raw=False, **kwargs):
    if not raw and instance.status != Business.Status.ACTIVE:
        PublishedBusiness.objects.filter(business_id=instance.pk).delete()


@receiver(businesses_changed, dispatch_uid="catalogue_unpublish_inactive_bulk")
def unpublish_inactive_businesses(sender, business_ids, **kwargs):
    """The same for businesses written in bulk (an import), which send no post_save."""
    ids = list(business_ids)
    for start in range(0, len(ids), 5000):
        PublishedBusiness.objects.filter(business_id__in=ids[start : start + 5000]).exclude(
            business__status=Business.Status.ACTIVE
        ).delete()
