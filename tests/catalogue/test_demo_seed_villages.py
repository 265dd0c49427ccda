"""catalogue/demo_seed_villages.py: the demo's village pages show programmes (OVOP in
every stage, with stars where evaluated), and a second run adds nothing."""

import random

import pytest
from django.urls import reverse

from catalogue import demo_seed_villages
from catalogue.models import DesaProgramme
from registry.services import business_submit, business_verify
from tests.factories import BusinessFactory, ProductFactory, UserFactory, desa
from tuban_ikm import roles

pytestmark = pytest.mark.django_db


def test_seed_puts_village_programmes_on_the_desa_pages_once(client, dinas):
    owner = UserFactory(groups=[roles.PELAKU_IKM])
    codes = ["35.23.08.2008", "35.23.06.2008", "35.23.01.2001"]
    for n, code in enumerate(codes):
        business = BusinessFactory(owner=owner, name=f"Usaha {n}", desa=desa(code))
        ProductFactory(business=business, name=f"Produk unggulan {n}")
        business_submit(business=business, user=owner)
        business_verify(business=business, user=dinas)
    assert demo_seed_villages.seed(random.Random(1)).startswith("5 keikutsertaan")
    statuses = set(DesaProgramme.objects.values_list("status", flat=True))
    assert {DesaProgramme.Status.EVALUATED, DesaProgramme.Status.ESTABLISHED} <= statuses
    rated = DesaProgramme.objects.exclude(stars=None).first()
    page = client.get(reverse("desa:detail", args=[rated.desa_id])).content.decode()
    assert "OVOP" in page
    rows = DesaProgramme.objects.count()
    assert demo_seed_villages.seed(random.Random(1)) is None
    assert DesaProgramme.objects.count() == rows
