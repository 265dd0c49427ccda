"""`import_registry`: the officers' importer on the command line for Dinas staff."""

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Membership
from registry.models import Assistance, Business, Kecamatan, MarketArea, Product, ProductionReport
from tests.factories import (
    AssistanceFactory,
    AssociationFactory,
    BusinessFactory,
    MarketAreaFactory,
    MembershipFactory,
    ProductFactory,
    ProductionReportFactory,
)
from tests.organizations.test_import import row, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path):
    def write(rows):
        path = tmp_path / "anggota.xlsx"
        path.write_bytes(workbook(rows))
        return str(path)

    return write


def test_command_imports_and_makes_members_of_the_organization(sheet, capsys):
    association = AssociationFactory()
    call_command("import_registry", sheet([row()]), organization=association.pk)
    business = Business.objects.get(nib="1234567890123")
    assert Membership.objects.get(business=business).association == association
    assert "Baru: 1" in capsys.readouterr().out


def test_dry_run_writes_nothing(sheet, capsys):
    call_command("import_registry", sheet([row()]), dry_run=True)
    assert not Business.objects.exists()
    assert "Uji coba" in capsys.readouterr().out


def test_running_twice_changes_nothing(sheet, capsys):
    path = sheet([row()])
    call_command("import_registry", path)
    call_command("import_registry", path)
    assert Business.objects.count() == 1
    assert "Tidak berubah: 1" in capsys.readouterr().out.splitlines()[-1]


def test_row_errors_are_printed_and_fail_the_command(sheet, capsys):
    with pytest.raises(CommandError, match="1 baris bergalat"):
        call_command("import_registry", sheet([row(), row(NIB="123")]))
    assert "Usaha IKM, baris 3, NIB: NIB harus 13 angka; tertulis “123”." in capsys.readouterr().err
    assert not Business.objects.exists()


def test_a_bad_file_or_unknown_organization_fails(tmp_path, sheet):
    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"bukan excel")
    with pytest.raises(CommandError, match="rusak"):
        call_command("import_registry", str(bad))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_registry", sheet([row()]), organization=999999)


# --- Export, then import into an empty registry -------------------------------------------------

RECORD_FIELDS = {
    Business: ("nib", "name", "brand", "legal_form", "npwp", "owner_name", "owner_gender", "phone", "email", "address")
    + ("desa_id", "latitude", "longitude", "year_started", "kbli_id", "status", "workers_male", "workers_female")
    + ("investment", "land_building_value", "yearly_sales"),
    Product: ("business__name", "name", "category", "kbli_id", "sku", "unit", "installed_capacity_per_month")
    + ("production_capacity_per_month", "price", "description"),
    ProductionReport: ("product__name", "product__business__name", "year", "semester", "quantity")
    + ("production_value", "raw_material_value", "status"),
    MarketArea: ("product__name", "product__business__name", "level", "kecamatan_id", "region_code", "country")
    + ("share_percent", "channel"),
    Membership: ("business__name", "association_id", "umbrella_id", "member_number", "status", "joined_on")
    + ("left_on",),
    Assistance: ("business__name", "programme", "agency", "year", "kind", "item", "value", "status", "note"),
}


def records():
    return {model: sorted(model.objects.values_list(*names), key=str) for model, names in RECORD_FIELDS.items()}


def test_the_dashboard_export_imports_into_an_empty_registry_as_the_same_records(tmp_path, capsys):
    with_nib = BusinessFactory(nib="1234567890123", npwp="013000666091000", email="batik@example.id", brand="=Sekar")
    without_nib = BusinessFactory(nib=None, name="Tenun Tanpa NIB", latitude="-6.9", longitude="111.9")
    for business in (with_nib, without_nib):
        product = ProductFactory(business=business, description="Pewarna alam =ramah lingkungan")
        ProductionReportFactory(product=product, status="terverifikasi")
        MarketAreaFactory(product=product)
        MarketAreaFactory(
            product=product, level="kecamatan", kecamatan=Kecamatan.objects.get(name="Tuban"), share_percent=30
        )
    ProductFactory(business=without_nib, name="Selendang", kbli=None, price=None)
    umbrella = AssociationFactory(name="Asosiasi IKM Kabupaten Tuban")
    MembershipFactory(business=with_nib, association=umbrella, member_number="00001", joined_on="2025-07-01")
    MembershipFactory(
        business=without_nib, association=umbrella, member_number="00002", status="keluar", left_on="2026-02-01"
    )
    AssistanceFactory(business=without_nib, programme="Pelatihan pewarna alam", year=2025, value=None)
    before = records()

    files = []
    for dataset in ("businesses", "products", "production", "markets", "memberships", "assistance"):
        path = tmp_path / f"{dataset}.xlsx"
        call_command("export_registry", dataset=dataset, file_format="xlsx", output=str(path))
        files.append(str(path))
    Business.objects.all().delete()
    assert not Product.objects.exists() and not Membership.objects.exists()  # the associations stay

    call_command("import_registry", *reversed(files))  # any order: the sheets are read by kind
    assert records() == before
    assert "Impor selesai" in capsys.readouterr().out

    call_command("import_registry", *files)
    assert records() == before
    assert "Baru: 0, Diperbarui: 0, Tidak berubah: 14, Galat: 0" in capsys.readouterr().out.splitlines()[-1]


def test_a_product_sheet_naming_a_business_id_unknown_here_is_refused(tmp_path):
    product = ProductFactory(business=BusinessFactory(nib=None))
    path = tmp_path / "products.xlsx"
    call_command("export_registry", dataset="products", file_format="xlsx", output=str(path))
    Business.objects.all().delete()
    with pytest.raises(CommandError, match="1 baris bergalat"):
        call_command("import_registry", str(path))
    assert not Product.objects.filter(name=product.name).exists()
