"""Object access for the owner area: one helper family, used by every owner view.

An owner reaches only their own businesses. Anything else answers 404, for reading and
for writing alike, so that ids of other businesses reveal nothing. The querysets are the
models' own access family (`owned_by`, `visible_to`: registry/models.py BusinessQuerySet).
"""

from django.shortcuts import get_object_or_404

from .models import Business, Product


def owned_businesses(user):
    return Business.objects.owned_by(user)


def get_business_for(user, pk):
    return get_object_or_404(owned_businesses(user).select_related("desa__kecamatan", "kbli"), pk=pk)


def get_product_for(user, business_pk, pk):
    return get_object_or_404(
        Product.objects.owned_by(user).select_related("business__desa__kecamatan", "kbli"),
        business_id=business_pk,
        pk=pk,
    )
