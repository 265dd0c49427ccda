from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from aid.models import Application, Programme
from aid.services import business_snapshot
from registry.models import Assistance
from tests.factories import BusinessFactory


def today():
    return timezone.localdate()


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bantuan Mesin Jahit {n}")
    kind = "alat"
    agency = "Disnakerin Kabupaten Tuban"
    year = 2026
    quota = 2
    item = "Mesin jahit portable"
    unit_value = Decimal("2500000")
    must_be_verified = False
    opens_on = factory.LazyFunction(lambda: today() - timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: today() + timedelta(days=30))
    documents = factory.LazyFunction(lambda: ["Foto KTP pemilik"])

    @factory.post_generation
    def kecamatan(self, create, values, **kwargs):
        if create and values:
            self.kecamatan.set(values)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application as the service would make it, with its proposed Assistance row."""

    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    business = factory.SubFactory(BusinessFactory)
    snapshot = factory.LazyAttribute(lambda o: business_snapshot(o.business))
    assistance = factory.LazyAttribute(
        lambda o: Assistance.objects.create(
            business=o.business,
            programme=o.programme.name,
            agency=o.programme.agency,
            year=o.programme.year,
            kind=o.programme.kind,
            item=o.programme.item,
            value=o.programme.unit_value,
            source=Assistance.Source.PROGRAMME,
        )
    )


def ensure_reference_data():
    """Transactional tests flush every table when they end, the regions and KBLI of the
    data migration included; load them again when an earlier test removed them."""
    from registry import reference
    from registry.models import Desa, Kbli, Kecamatan

    if not Desa.objects.exists():
        reference.load_regions(Kecamatan, Desa)
    if not Kbli.objects.exists():
        reference.seed_kbli(Kbli)
