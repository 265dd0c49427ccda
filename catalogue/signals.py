"""A business closed, moved or not found leaves the public catalogue at once, without
waiting for a new verification."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from registry.models import Business

from .models import PublishedBusiness


@receiver(post_save, sender=Business, dispatch_uid="catalogue_unpublish_inactive")
def unpublish_inactive_business(sender, instance, raw=False, **kwargs):
    if not raw and instance.status != Business.Status.ACTIVE:
        PublishedBusiness.objects.filter(business_id=instance.pk).delete()
