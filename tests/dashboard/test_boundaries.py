"""load_boundaries: the shared GeoJSON of Tuban's 328 desa, all or nothing, safe to run twice."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dashboard.boundaries import BoundaryFileError, boundaries_load
from dashboard.models import Boundary

from .conftest import geojson_path

pytestmark = pytest.mark.django_db


def run(path):
    out, err = StringIO(), StringIO()
    call_command("load_boundaries", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_all_328_desa_features(db):
    out, _ = run(geojson_path())
    assert Boundary.objects.count() == 328
    assert set(Boundary.objects.values_list("level", flat=True)) == {"desa"}
    margorejo = Boundary.objects.get(code="35.23.08.2008")
    assert margorejo.name == "Margorejo"
    assert margorejo.geometry["type"] in ("Polygon", "MultiPolygon")
    assert -7.2 < margorejo.centre_lat < -6.7 and 111.5 < margorejo.centre_lng < 112.3
    assert "328 fitur" in out and "328 baru" in out


def test_loading_twice_changes_nothing(db):
    run(geojson_path())
    before = dict(Boundary.objects.values_list("code", "updated_at"))
    out, _ = run(geojson_path())
    assert Boundary.objects.count() == 328
    assert dict(Boundary.objects.values_list("code", "updated_at")) == before
    assert "0 baru, 0 diperbarui, 328 tetap" in out


def test_an_unknown_code_is_reported_and_nothing_is_loaded(db, tmp_path):
    data = json.loads(geojson_path().read_text())
    data["features"][5]["properties"]["kode"] = "35.23.99.2999"
    data["features"][9]["properties"]["kode"] = "35.24.01.2001"
    path = tmp_path / "rusak.geojson"
    path.write_text(json.dumps(data))
    err = StringIO()
    with pytest.raises(CommandError, match="Tidak ada batas wilayah yang dimuat: 2 masalah"):
        call_command("load_boundaries", str(path), stdout=StringIO(), stderr=err)
    assert "Fitur 6 (35.23.99.2999): kode wilayah tidak dikenal." in err.getvalue()
    assert "Fitur 10 (35.24.01.2001)" in err.getvalue()
    assert Boundary.objects.count() == 0


def test_a_failing_file_leaves_earlier_boundaries_untouched(db, tmp_path):
    run(geojson_path())
    data = json.loads(geojson_path().read_text())
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": [111.6, -6.9]}
    data["features"][1]["properties"]["nama"] = "Nama Baru"
    path = tmp_path / "titik.geojson"
    path.write_text(json.dumps(data))
    with pytest.raises(BoundaryFileError) as error:
        boundaries_load(path=path)
    assert error.value.problems == ["Fitur 1 (35.23.01.2001): geometri harus Polygon atau MultiPolygon."]
    assert Boundary.objects.get(code=data["features"][1]["properties"]["kode"]).name != "Nama Baru"


def test_duplicate_codes_missing_codes_and_bad_json_are_refused(db, tmp_path):
    feature = json.loads(geojson_path().read_text())["features"][0]
    nameless = {**feature, "properties": {"nama": "Tanpa kode"}}
    path = tmp_path / "ganda.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature, feature, nameless]}))
    with pytest.raises(BoundaryFileError) as error:
        boundaries_load(path=path)
    assert len(error.value.problems) == 2
    assert "sudah ada di fitur 1" in error.value.problems[0]
    assert "tidak ada properti “kode”" in error.value.problems[1]
    (tmp_path / "bukan.geojson").write_text("{not json")
    with pytest.raises(BoundaryFileError):
        boundaries_load(path=tmp_path / "bukan.geojson")
    assert Boundary.objects.count() == 0
