"""Production periods never overlap, so the yearly sums never count the same production twice.

A product may hold Semester I and Semester II of a year, or one full-year report, never a
full-year report beside a semester of the same year: the form, the import and the database
each refuse it.
"""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from dashboard import figures
from dashboard.scope import Filters, Scope
from registry import importing
from registry.models import ProductionReport
from tests.factories import ProductFactory, ProductionReportFactory

YEAR, FIRST, SECOND = ProductionReport.Semester.YEAR, ProductionReport.Semester.FIRST, ProductionReport.Semester.SECOND
MILLION = Decimal("1000000")


@pytest.fixture
def product(pelaku):
    return ProductFactory(business=pelaku.businesses.get(), name="Kerupuk udang")


def report_form(**values):
    row = {"year": "2024", "semester": "0", "quantity": "100", "production_value": "10.000.000"}
    row.update(values)
    return row


def post_reports(client, product, rows, initial=0):
    data = {
        "laporan-TOTAL_FORMS": str(len(rows)),
        "laporan-INITIAL_FORMS": str(initial),
        "laporan-MIN_NUM_FORMS": "0",
        "laporan-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"laporan-{index}-{field}": str(value) for field, value in row.items()})
    url = reverse("owner:product_reports", kwargs={"pk": product.business_id, "product_pk": product.pk})
    return client.post(url, data)


@pytest.mark.django_db
def test_the_database_refuses_a_full_year_beside_a_semester_of_that_year(product):
    ProductionReportFactory(product=product, year=2024, semester=FIRST)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductionReportFactory(product=product, year=2024, semester=YEAR)
    ProductionReportFactory(product=product, year=2024, semester=SECOND)  # the other half is free
    ProductionReportFactory(product=product, year=2023, semester=YEAR)  # another year is free
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductionReportFactory(product=product, year=2023, semester=SECOND)


@pytest.mark.django_db
def test_the_owner_form_names_the_overlap_next_to_the_period(client, pelaku, product):
    ProductionReportFactory(product=product, year=2024, semester=FIRST, status=ProductionReport.Status.SUBMITTED)
    client.force_login(pelaku)
    response = post_reports(client, product, [report_form()])
    assert response.status_code == 200
    [message] = response.context["formset"].forms[0].errors["semester"]
    assert "Setahun penuh 2024 tumpang tindih dengan laporan Semester I 2024" in message
    assert product.production_reports.count() == 1


@pytest.mark.django_db
def test_two_rows_of_one_page_may_not_overlap(client, pelaku, product):
    client.force_login(pelaku)
    response = post_reports(client, product, [report_form(semester="2"), report_form(semester="0")])
    assert response.status_code == 200
    assert "tumpang tindih" in response.context["formset"].forms[1].errors["semester"][0]
    assert not product.production_reports.exists()


@pytest.mark.django_db
def test_a_full_year_draft_can_be_turned_into_a_semester_while_the_other_semester_is_added(client, pelaku, product):
    draft = ProductionReportFactory(product=product, year=2024, semester=YEAR, status=ProductionReport.Status.DRAFT)
    client.force_login(pelaku)
    rows = [{"id": draft.pk, "product": product.pk, **report_form(semester="1")}, report_form(semester="2")]
    response = post_reports(client, product, rows, initial=1)
    assert response.status_code == 302
    assert sorted(product.production_reports.values_list("semester", flat=True)) == [FIRST, SECOND]


def production_sheet(product, *rows):
    sheet = importing.SHEETS_BY_KEY["production"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet.title()
    names = ["product", "year", "semester", "quantity", "production_value"]
    ws.append([importing._header(sheet, name) for name in names])
    labels = dict(ProductionReport.Semester.choices)
    for year, semester, value in rows:
        ws.append([product.pk, year, str(labels[semester]), 10, value])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_errors(data):
    preview = importing.validate(importing.read_workbook(data), importing.Scope())
    return [message for row in preview.sheet("production").rows for message in row.errors.values()]


@pytest.mark.django_db
def test_the_import_refuses_overlaps_within_the_file_and_with_saved_reports(product):
    errors = import_errors(production_sheet(product, (2024, FIRST, 1000), (2024, YEAR, 2000)))
    assert any("Setahun penuh 2024 tumpang tindih dengan laporan Semester I 2024" in e for e in errors)
    ProductionReportFactory(product=product, year=2023, semester=SECOND)
    errors = import_errors(production_sheet(product, (2023, YEAR, 2000)))
    assert any("Setahun penuh 2023 tumpang tindih dengan laporan Semester II 2023" in e for e in errors)
    assert import_errors(production_sheet(product, (2024, FIRST, 1000), (2024, SECOND, 2000))) == []


@pytest.mark.django_db
def test_the_yearly_sum_adds_both_semesters_once(product):
    counted = ProductionReport.Status.VERIFIED
    ProductionReportFactory(product=product, year=2024, semester=FIRST, production_value=30 * MILLION, status=counted)
    ProductionReportFactory(product=product, year=2024, semester=SECOND, production_value=45 * MILLION, status=counted)
    ProductionReportFactory(product=product, year=2023, semester=YEAR, production_value=60 * MILLION, status=counted)
    values = Filters()
    trends = figures.all_panels(Scope(values), figures.Linker(values, "/list/"))["trends"]
    assert [(row["year"], row["value"]) for row in trends["rows"]] == [(2023, 60 * MILLION), (2024, 75 * MILLION)]


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_existing_overlaps_and_keeps_a_history_row(product):
    before = ("registry", "0004_business_version_product_version")
    after = ("registry", "0005_production_periods_do_not_overlap")
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        Report = executor.loader.project_state([before]).apps.get_model("registry", "ProductionReport")
        both = dict(product_id=product.pk, quantity=1, production_value=1)
        full_2024 = Report.objects.create(year=2024, semester=YEAR, **both)
        Report.objects.create(year=2024, semester=FIRST, **both)
        Report.objects.create(year=2024, semester=SECOND, **both)
        Report.objects.create(year=2023, semester=YEAR, **both)
        half_2023 = Report.objects.create(year=2023, semester=FIRST, **both)
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        state = executor.loader.project_state([after]).apps
        Report = state.get_model("registry", "ProductionReport")
        History = state.get_model("registry", "HistoricalProductionReport")
        kept = sorted(Report.objects.filter(product_id=product.pk).values_list("year", "semester"))
        assert kept == [(2023, YEAR), (2024, FIRST), (2024, SECOND)]
        removed = History.objects.filter(history_type="-").order_by("id")
        assert [r.id for r in removed] == sorted([full_2024.pk, half_2023.pk])
        assert all(r.history_change_reason.startswith("Digabung: periode tumpang tindih") for r in removed)
    finally:
        MigrationExecutor(connection).migrate(leaves)
