"""What the catalogue does when the registry tells it something (connected at start-up by
CatalogueConfig.ready()): a verified business is published; a business closed, moved or not
found leaves the public catalogue at once, without waiting for a new verification; a photo
file the catalogue still shows is kept."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from registry.models import Business
from registry.signals import business_verified, businesses_changed, photo_file_still_shown

from .models import PublishedBusiness
from .services import photo_is_published, publish_business


@receiver(post_save, sender=Business, dispatch_uid="catalogue_unpublish_inactive")
def unpublish_inactive_business(sender, instance, raw=False, **kwargs):
    if not raw and instance.status != Business.Status.ACTIVE:
        PublishedBusiness.objects.filter(business_id=instance.pk).delete()


@receiver(business_verified, dispatch_uid="catalogue_publish_verified")
def publish_verified_business(sender, business, **kwargs):
    publish_business(business)


@receiver(photo_file_still_shown, dispatch_uid="catalogue_keep_published_photo")
def keep_published_photo(sender, name, **kwargs):
    return photo_is_published(name)


@receiver(businesses_changed, dispatch_uid="catalogue_unpublish_inactive_bulk")
def unpublish_inactive_businesses(sender, business_ids, **kwargs):
    """The same for businesses written in bulk (an import), which send no post_save."""
    ids = list(business_ids)
    for start in range(0, len(ids), 5000):
        PublishedBusiness.objects.filter(business_id__in=ids[start : start + 5000]).exclude(
            business__status=Business.Status.ACTIVE
        ).delete()
