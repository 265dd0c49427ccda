"""The catalogue's part of erasing a person (accounts.anonymisation.erasing, connected in
CatalogueConfig.ready()): the contact on the published copy of their businesses."""

from .models import PublishedBusiness


def erase_published_contact(sender, *, business_ids, **kwargs):
    PublishedBusiness.objects.filter(business__in=business_ids).update(phone="", email="", address="")
