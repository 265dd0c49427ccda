"""One access family (README "Layers"): every model users reach answers `visible_to(user)` on
its default manager, and records of a business are seen and owned as their business is."""

import pytest
from django.apps import apps

from tests.factories import (
    AssistanceFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    NeedFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)

REACHED_BY_USERS = [
    "registry.Business",
    "registry.Product",
    "registry.ProductPhoto",
    "registry.RawMaterial",
    "registry.ProductionReport",
    "registry.MarketArea",
    "registry.Certification",
    "registry.Need",
    "registry.Assistance",
    "organizations.Association",
    "organizations.Membership",
    "organizations.DataDrive",
    "catalogue.Demand",
    "catalogue.Offer",
    "aid.Programme",
    "aid.Application",
    "reporting.PeriodReport",
]


@pytest.mark.parametrize("label", REACHED_BY_USERS)
def test_every_model_users_reach_answers_visible_to(label):
    assert callable(getattr(apps.get_model(label).objects, "visible_to", None))


@pytest.mark.django_db
def test_an_owner_sees_and_owns_only_the_records_of_their_own_business(pelaku, other_pelaku, dinas):
    from django.contrib.auth.models import AnonymousUser

    mine, theirs = BusinessFactory(owner=pelaku), BusinessFactory(owner=other_pelaku)
    records = {}
    for business in (mine, theirs):
        product = ProductFactory(business=business)
        records[business.pk] = [
            product,
            ProductionReportFactory(product=product),
            MarketAreaFactory(product=product),
            CertificationFactory(product=product),
            NeedFactory(business=business),
            AssistanceFactory(business=business),
        ]
    for own, other in zip(records[mine.pk], records[theirs.pk], strict=True):
        model = type(own)
        assert own in model.objects.visible_to(pelaku)
        assert other not in model.objects.visible_to(pelaku)
        assert own in model.objects.owned_by(pelaku)
        assert other not in model.objects.owned_by(pelaku)
        # Staff with view permission see every record but own none in the owner area;
        # a visitor or a user without a business sees nothing.
        assert {own, other} <= set(model.objects.visible_to(dinas))
        assert not model.objects.owned_by(dinas).filter(pk__in=[own.pk, other.pk]).exists()
        assert not model.objects.visible_to(AnonymousUser()).exists()
        assert not model.objects.visible_to(UserFactory()).filter(pk__in=[own.pk, other.pk]).exists()
