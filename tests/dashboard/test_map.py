"""The map page and its GeoJSON: geometry plus figures per desa and kecamatan; a table without boundaries."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from .conftest import KEREK, MILLION, geojson_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def boundaries(db):
    call_command("load_boundaries", str(geojson_path()), stdout=StringIO())


def test_without_boundaries_the_page_says_how_to_load_them_and_shows_a_table(dinas_client, registry):
    response = dinas_client.get(reverse("dashboard:map"))
    html = response.content.decode()
    assert "python manage.py load_boundaries ../shared/geo/tuban_desa.geojson" in html
    assert "leaflet.js" not in html
    rows = {row["code"]: row for row in response.context["kecamatan"]["rows"]}
    assert rows[KEREK]["count"] == 2
    assert "Kerek" in html


def test_with_boundaries_the_page_loads_leaflet_from_our_static_files(dinas_client, registry, boundaries):
    html = dinas_client.get(reverse("dashboard:map"), {"tahun": "2025"}).content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/vendor/leaflet/leaflet.css" in html
    assert 'data-url="/dasbor/peta/data.geojson?tahun=2025"' in html
    assert "http://" not in html and "https://" not in html


def test_geojson_serves_geometry_and_figures_per_desa_and_kecamatan(dinas_client, registry, boundaries):
    response = dinas_client.get(reverse("dashboard:map_data"))
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["tahun"] == 2025
    assert len(data["features"]) == 328
    features = {f["properties"]["kode"]: f for f in data["features"]}
    margorejo = features["35.23.08.2008"]
    assert margorejo["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # The geometry served is the file's, coordinate for coordinate (spliced from stored text).
    source = json.loads(geojson_path().read_text(encoding="utf-8"))
    original = next(f["geometry"] for f in source["features"] if f["properties"]["kode"] == "35.23.08.2008")
    assert margorejo["geometry"] == {"type": original["type"], "coordinates": original["coordinates"]}
    props = margorejo["properties"]
    assert (props["ikm"], props["nilai"]) == (1, float(80 * MILLION))
    assert (props["kecamatan"], props["kecamatan_ikm"], props["kecamatan_nilai"]) == ("Kerek", 2, float(80 * MILLION))
    assert props["url"] == "/dasbor/usaha/?desa=35.23.08.2008"
    assert props["kecamatan_url"] == "/dasbor/usaha/?kecamatan=35.23.08"
    assert features["35.23.20.2001"]["properties"]["ikm"] == 0


def test_geojson_follows_the_filters(dinas_client, registry, boundaries):
    data = dinas_client.get(reverse("dashboard:map_data"), {"tahun": "2024", "komoditas": "kain_batik"}).json()
    props = {f["properties"]["kode"]: f["properties"] for f in data["features"]}
    assert data["tahun"] == 2024
    assert props["35.23.08.2008"]["nilai"] == float(70 * MILLION)
    assert props["35.23.08.2001"]["ikm"] == 0  # the anyaman maker is not in batik
    assert props["35.23.08.2008"]["url"] == "/dasbor/usaha/?tahun=2024&komoditas=kain_batik&desa=35.23.08.2008"
