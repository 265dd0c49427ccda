"""Kemendagri regions and KBLI reference data are complete and reload safely."""

import pytest
from django.core.management import call_command

from registry.models import Desa, Kbli, Kecamatan

pytestmark = pytest.mark.django_db

DOMAIN_KBLI_2020 = [
    "13121", "13122", "13134", "10794", "10722", "10792", "10796",
    "10211", "10215", "16291", "16292", "16293", "23939", "32903",
]  # fmt: skip


def region_snapshot():
    return (
        list(Kecamatan.objects.values_list("code", "name")),
        list(Desa.objects.values_list("code", "name", "kind", "kecamatan_id", "postal_code")),
    )


def test_tuban_has_20_kecamatan_and_328_desa_and_kelurahan():
    assert Kecamatan.objects.count() == 20
    assert Desa.objects.count() == 328
    assert Desa.objects.filter(kind=Desa.Kind.DESA).count() == 311
    assert Desa.objects.filter(kind=Desa.Kind.KELURAHAN).count() == 17


def test_kecamatan_codes_run_from_01_kenduruan_to_20_grabagan():
    assert Kecamatan.objects.get(code="35.23.01").name == "Kenduruan"
    assert Kecamatan.objects.get(code="35.23.20").name == "Grabagan"


def test_kelurahan_codes_start_with_1_and_desa_codes_with_2():
    for code, kind in Desa.objects.values_list("code", "kind"):
        assert code[9] == ("1" if kind == Desa.Kind.KELURAHAN else "2"), code


def test_repeated_desa_names_are_told_apart_by_kecamatan():
    margorejo = Desa.objects.filter(name="Margorejo").select_related("kecamatan")
    assert {d.kecamatan.name for d in margorejo} >= {"Kerek", "Parengan"}
    assert Desa.objects.get(code="35.23.08.2008").kecamatan.name == "Kerek"


def test_loading_regions_twice_changes_nothing():
    before = region_snapshot()
    call_command("load_regions", stdout=open("/dev/null", "w"))
    call_command("load_regions", stdout=open("/dev/null", "w"))
    assert region_snapshot() == before


def test_reloading_keeps_a_postal_code_corrected_by_staff():
    desa = Desa.objects.get(code="35.23.08.2008")
    desa.postal_code = "62399"
    desa.save()
    call_command("load_regions", stdout=open("/dev/null", "w"))
    desa.refresh_from_db()
    assert desa.postal_code == "62399"


def test_reloading_restores_a_deleted_desa():
    Desa.objects.filter(code="35.23.20.2001").delete()
    call_command("load_regions", stdout=open("/dev/null", "w"))
    assert Desa.objects.get(code="35.23.20.2001").name == "Ngarum"


def test_kbli_seed_holds_the_codes_seen_in_tuban_ikm_data():
    seeded = set(Kbli.objects.filter(version="2020").values_list("code", flat=True))
    assert set(DOMAIN_KBLI_2020) <= seeded


def test_kbli_code_is_stored_with_its_version():
    batik = Kbli.objects.filter(title__icontains="batik").values_list("code", "version")
    assert set(batik) == {("13134", "2020"), ("13133", "2025")}
