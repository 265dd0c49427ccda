"""catalogue.demo_seed fills the buyers' screens and a second run changes nothing."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalogue import demo_seed
from catalogue.models import Demand, EkatalogProposal, Offer, ProductAssessment
from registry.models import CommodityGroup, Unit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_fills_ratings_demands_and_proposals(publish, dinas):
    for n in range(4):
        owner = UserFactory(username=f"pemilik{n}")
        publish(
            name=f"Batik {n}",
            desa_code=["35.23.08.2008", "35.23.06.2008", "35.23.18.2002", "35.23.08.2008"][n],
            products=(("Kain batik", CommodityGroup.BATIK, Unit.SHEET, "40", "350000"),),
            owner=owner,
        )
    demo_seed.seed(random.Random(1), "demo12345", staff=dinas)
    counts = (
        ProductAssessment.objects.count(),
        Demand.objects.count(),
        Offer.objects.count(),
        EkatalogProposal.objects.count(),
    )
    assert counts[0] == 6  # three desa, one product each, two years
    assert Offer.objects.filter(taken=True).exists() and Offer.objects.filter(declined=True).exists()
    assert set(EkatalogProposal.objects.values_list("status", flat=True)) == {
        "diusulkan",
        "diterima",
        "tayang",
        "ditolak",
    }
    demo_seed.seed(random.Random(2), "demo12345", staff=dinas)
    assert counts == (
        ProductAssessment.objects.count(),
        Demand.objects.count(),
        Offer.objects.count(),
        EkatalogProposal.objects.count(),
    )
    User = get_user_model()
    assert User.objects.get(username="penilai").check_password("demo12345")
    assert User.objects.get(username="penilai").has_perm("catalogue.assess_product")
    assert User.objects.get(username="pembeli").has_perm("catalogue.add_demand")
    client = Client()
    assert client.get(reverse("catalogue:list"), {"bintang": "1"}).context["page"].paginator.count == 3
