"""Object access for the owner area: one helper family, used by every owner view.

An owner reaches only their own businesses. Anything else answers 404, for reading and
for writing alike, so that ids of other businesses reveal nothing.
"""

from django.shortcuts import get_object_or_404

from .models import Business, Product


def owned_businesses(user):
    if not user.is_authenticated:
        return Business.objects.none()
    return Business.objects.filter(owner=user)


def get_business_for(user, pk):
    return get_object_or_404(owned_businesses(user).select_related("desa__kecamatan", "kbli"), pk=pk)


def get_product_for(user, business_pk, pk):
    return get_object_or_404(
        Product.objects.select_related("business__desa__kecamatan", "kbli").filter(business__owner=user),
        business_id=business_pk,
        pk=pk,
    )
