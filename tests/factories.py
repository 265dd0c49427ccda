"""factory_boy factories for the registry. Regions come from the reference-data migration."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from organizations.models import Association, Membership, Officer
from registry.models import (
    Assistance,
    Business,
    Certification,
    CommodityGroup,
    Desa,
    Kbli,
    MarketArea,
    Need,
    Product,
    ProductionReport,
    Unit,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.id")
    password = factory.django.Password("rahasia-uji-123")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        if create and names:
            self.groups.add(*Group.objects.filter(name__in=names))


def desa(code="35.23.08.2008"):
    """Margorejo, Kerek (there is another Margorejo in Parengan)."""
    return Desa.objects.get(code=code)


def kbli(code="13134", version="2020"):
    return Kbli.objects.get(code=code, version=version)


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Sequence(lambda n: f"Batik Gedog Lestari {n}")
    owner_name = factory.Faker("name", locale="id_ID")
    owner_gender = Business.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    address = "Jl. Raya Kerek No. 1"
    desa = factory.LazyFunction(desa)
    kbli = factory.LazyFunction(kbli)
    workers_male = 1
    workers_female = 3
    investment = Decimal("25000000")
    yearly_sales = Decimal("120000000")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business = factory.SubFactory(BusinessFactory)
    name = factory.Sequence(lambda n: f"Kain batik gedog motif {n}")
    category = CommodityGroup.BATIK
    unit = Unit.SHEET
    production_capacity_per_month = Decimal("40")
    installed_capacity_per_month = Decimal("60")
    price = Decimal("350000")


class ProductionReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionReport

    product = factory.SubFactory(ProductFactory)
    year = 2025
    semester = ProductionReport.Semester.FIRST
    quantity = Decimal("200")
    production_value = Decimal("70000000")
    raw_material_value = Decimal("30000000")


class MarketAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MarketArea

    product = factory.SubFactory(ProductFactory)
    level = MarketArea.Level.KABUPATEN
    share_percent = Decimal("60")
    channel = MarketArea.Channel.DIRECT


class CertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certification

    product = factory.SubFactory(ProductFactory)
    kind = Certification.Kind.MEREK
    number = factory.Sequence(lambda n: f"IDM000{n:06d}")
    issued_on = date(2024, 1, 10)
    expires_on = date(2034, 1, 10)


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    business = factory.SubFactory(BusinessFactory)
    kind = "pelatihan"


class AssistanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assistance

    business = factory.SubFactory(BusinessFactory)
    programme = "Bantuan Alat IKM 2023"
    agency = "Disnakerin Kabupaten Tuban"
    year = 2023
    kind = "alat"
    item = "Mesin jahit"
    value = Decimal("2500000")


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Association

    name = factory.Sequence(lambda n: f"Asosiasi IKM Tuban {n}")
    unit_kind = Association.UnitKind.UMBRELLA


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    association = factory.SubFactory(AssociationFactory)
    user = factory.SubFactory(UserFactory)
    role = Officer.Role.PENGURUS
    term_start = date(2025, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    business = factory.SubFactory(BusinessFactory)
    association = factory.SubFactory(AssociationFactory)
    member_number = factory.Sequence(lambda n: f"A-{n:05d}")
    status = Membership.Status.ACTIVE
    joined_on = date(2025, 6, 1)
