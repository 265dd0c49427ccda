"""Market areas name places by code: Kemendagri kabupaten/kota codes and ISO 3166 countries."""

import io

import openpyxl
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry import importing, places
from registry.models import MarketArea
from tests.factories import ProductFactory


def test_names_people_write_are_found_as_codes():
    assert places.find_kabupaten_kota("Kab. Bojonegoro") == "35.22"
    assert places.find_kabupaten_kota("Kota Surabaya") == "35.78"
    assert places.find_kabupaten_kota("Jakarta Selatan") == "31.74"
    assert places.find_kabupaten_kota("Madiun") == ""  # a kabupaten and a kota: ambiguous
    assert places.find_country("Jepang") == places.find_country("Japan") == places.find_country("jp") == "JP"
    assert places.find_country("Timur Tengah") == ""


@pytest.mark.django_db
def test_the_import_reads_a_country_name_and_refuses_an_unknown_one():
    product = ProductFactory()
    sheet = importing.SHEETS_BY_KEY["markets"]
    names = ["product", "level", "country", "share_percent", "channel"]

    def errors(country):
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = sheet.title()
        ws.append([importing._header(sheet, name) for name in names])
        ws.append([product.pk, "Ekspor", country, 20, "Ekspor"])
        output = io.BytesIO()
        book.save(output)
        preview = importing.validate(importing.read_workbook(output.getvalue()), importing.Scope())
        [row] = preview.sheet("markets").rows
        return row

    row = errors("Malaysia")
    assert not row.errors and row.instance.country == "MY"
    row = errors("Timur Tengah")
    assert "Negara “Timur Tengah” tidak dikenal" in " ".join(row.errors.values())


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_free_text_and_keeps_what_it_cannot_map():
    before = ("registry", "0006_production_report_capacity")
    after = ("registry", "0007_market_places_by_code")
    product = ProductFactory()
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        Area = executor.loader.project_state([before]).apps.get_model("registry", "MarketArea")
        common = dict(product_id=product.pk, share_percent=10, channel="reseller")
        Area.objects.create(level="provinsi", place_name="Kab. Lamongan", **common)
        Area.objects.create(level="ekspor", country="Jepang", **common)
        Area.objects.create(level="ekspor", country="Timur Tengah", **common)
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        Area = executor.loader.project_state([after]).apps.get_model("registry", "MarketArea")
        rows = sorted(Area.objects.values_list("region_code", "country", "place_name"))
        assert rows == [("", "", "Timur Tengah"), ("", "JP", ""), ("35.24", "", "")]
    finally:
        MigrationExecutor(connection).migrate(leaves)


@pytest.mark.django_db
def test_an_uncoded_place_is_listed_for_dinas_in_the_admin(admin_client):
    product = ProductFactory()
    MarketArea.objects.create(
        product=product, level="ekspor", channel="ekspor", share_percent=5, place_name="Timur Tengah"
    )
    MarketArea.objects.create(product=product, level="ekspor", channel="ekspor", share_percent=5, country="MY")
    response = admin_client.get("/admin/registry/marketarea/", {"kode_tempat": "belum"})
    assert response.status_code == 200
    assert [area.place for area in response.context["cl"].result_list] == ["Timur Tengah"]
