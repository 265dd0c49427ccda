"""`import_registry`: the officers' importer on the command line for Dinas staff."""

import pytest
from django.core.management import CommandError, call_command

from organizations.models import Membership
from registry.models import Business
from tests.factories import AssociationFactory
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
