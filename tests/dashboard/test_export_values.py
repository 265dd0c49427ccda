"""The exports read plain values (values_list) instead of model instances: same cells."""

import pytest

from registry.models import Business, MarketArea
from registry.resources import RESOURCES
from tests.factories import BusinessFactory, MarketAreaFactory, MembershipFactory, ProductFactory, desa

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("personal", [True, False])
def test_every_sheet_reads_values_and_gives_the_cells_of_its_resource(registry, personal):
    # Rows with empty relations and every kind of market destination.
    BusinessFactory(name="Tanpa KBLI", kbli=None, phone="", desa=desa("35.23.20.2001"))
    product = ProductFactory(business=Business.objects.first())
    MarketAreaFactory(product=product, level=MarketArea.Level.EKSPOR, country="MY", kecamatan=None)
    MarketAreaFactory(product=product, level=MarketArea.Level.NASIONAL, region_code="35.22", kecamatan=None)
    MembershipFactory(business=product.business)
    MembershipFactory(business=product.business, left_on=None, member_number="")
    for name, resource_class in RESOURCES.items():
        resource = resource_class(include_personal_data=personal)
        queryset = resource._meta.model.objects.all()
        rows = resource.export_value_rows(queryset)
        assert rows is not None, f"{name} needs model instances"
        expected = [
            resource.export_resource(instance, force_native_type=True) for instance in resource.export_objects(queryset)
        ]
        assert list(rows) == expected, name
        assert expected, name


def test_a_column_without_a_value_path_falls_back_to_model_instances(registry):
    resource = RESOURCES["businesses"](include_personal_data=True)
    resource.export_computed = {"phone": resource.export_computed["phone"]}  # workers_total is a property
    assert resource.export_value_rows() is None
