"""The semester reporting cycle: Dinas opens a period, owners report or confirm, officers see
who is missing, Dinas verifies, reminders go out at most once a day."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from dashboard import figures
from dashboard.scope import Filters, Scope
from organizations.models import Officer
from registry.models import Business, ProductionReport
from reporting import services
from reporting.models import PeriodReport, ReportingPeriod, ReportReminder
from tests.factories import BusinessFactory, MembershipFactory, ProductFactory, ProductionReportFactory, desa
from tuban_ikm.models import OutboundEmail

pytestmark = pytest.mark.django_db
FIRST, SECOND = ProductionReport.Semester.FIRST, ProductionReport.Semester.SECOND
MILLION = Decimal("1000000")


@pytest.fixture
def kerupuk(pelaku):
    business = pelaku.businesses.get()
    product = ProductFactory(business=business, name="Kerupuk udang", installed_capacity_per_month=Decimal("100"))
    ProductionReportFactory(
        product=product,
        year=2025,
        semester=FIRST,
        quantity=Decimal("400"),
        production_value=40 * MILLION,
        status=ProductionReport.Status.VERIFIED,
    )
    return product


@pytest.fixture
def period(dinas, kerupuk):
    return services.period_open(
        year=2025, semester=SECOND, deadline=timezone.localdate() + timedelta(days=20), opened_by=dinas
    )


def owner_page(client, business):
    return client.get(reverse("reporting:report_edit", args=[business.pk]))


def test_opening_a_period_asks_every_active_business_and_tells_owners(dinas, pelaku, other_pelaku):
    closed = BusinessFactory(status=Business.Status.CLOSED)
    period = services.period_open(
        year=2025, semester=SECOND, deadline=date.today() + timedelta(days=30), opened_by=dinas
    )
    asked = set(period.reports.values_list("business__name", flat=True))
    assert asked == {"Batik Sekar Gedog", "Terasi Gadon Jaya"}
    assert closed.period_reports.count() == 0
    assert Notification.objects.filter(recipient=pelaku, message__contains="laporan Semester II 2025").exists()


def test_overlapping_or_a_second_open_period_is_refused(dinas, period, dinas_client):
    response = dinas_client.post(
        reverse("reporting:period_list"),
        {"year": "2025", "semester": "0", "deadline": (date.today() + timedelta(days=5)).isoformat()},
    )
    assert response.status_code == 200
    assert "tumpang tindih dengan periode Semester II 2025" in response.content.decode()
    period_closed = services.period_close(period=period)
    assert not period_closed.is_open
    with pytest.raises(ValidationError):
        services.period_open(year=2025, semester=SECOND, deadline=date.today() + timedelta(days=5), opened_by=dinas)


def test_the_owner_sees_the_open_request_first(client, pelaku, period):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    for url in (reverse("owner:business_list"), reverse("owner:business_overview", args=[business.pk])):
        html = client.get(url).content.decode()
        assert "Dinas meminta laporan Semester II 2025" in html
        assert reverse("reporting:report_edit", args=[business.pk]) in html


def test_an_unchanged_business_confirms_in_one_step(client, pelaku, period, kerupuk):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    page = owner_page(client, business)
    assert "Tidak ada perubahan, kirim" in page.content.decode()
    response = client.post(reverse("reporting:report_edit", args=[business.pk]), {"unchanged": "1"})
    assert response.status_code == 302
    report = PeriodReport.objects.get(period=period, business=business)
    assert report.status == PeriodReport.Status.SUBMITTED and report.confirmed_unchanged
    assert (report.workers_male, report.workers_female, report.investment) == (1, 3, Decimal("25000000"))
    production = ProductionReport.objects.get(product=kerupuk, year=2025, semester=SECOND)
    assert (production.quantity, production.production_value) == (Decimal("400"), 40 * MILLION)
    assert production.status == ProductionReport.Status.SUBMITTED
    assert production.installed_capacity == Decimal("600")  # 100 a month for a semester


def form_data(kerupuk, **overrides):
    data = {
        "angka-workers_male": "2",
        "angka-workers_female": "6",
        "angka-investment": "Rp 30.000.000",
        "angka-land_building_value": "",
        "produk-TOTAL_FORMS": "1",
        "produk-INITIAL_FORMS": "1",
        "produk-MIN_NUM_FORMS": "0",
        "produk-MAX_NUM_FORMS": "200",
        "produk-0-product": str(kerupuk.pk),
        "produk-0-installed_capacity": "600",
        "produk-0-production_capacity": "500",
        "produk-0-quantity": "450",
        "produk-0-production_value": "45.000.000",
        "produk-0-raw_material_value": "20.000.000",
        "bahan-TOTAL_FORMS": "1",
        "bahan-INITIAL_FORMS": "0",
        "bahan-MIN_NUM_FORMS": "0",
        "bahan-MAX_NUM_FORMS": "50",
        "bahan-0-name": "Udang rebon",
        "bahan-0-quantity": "120",
        "bahan-0-unit": "kg",
        "bahan-0-value": "12.000.000",
        "bahan-0-origin": "impor",
        "bahan-0-region_code": "",
        "bahan-0-country": "",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_a_changed_report_updates_the_profile_and_keeps_the_periods_values(client, pelaku, period, kerupuk):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    url = reverse("reporting:report_edit", args=[business.pk])
    response = client.post(url, form_data(kerupuk))
    assert response.status_code == 200  # imported material without a country
    assert "Pilih negara asal bahan impor." in response.content.decode()
    assert PeriodReport.objects.get(period=period, business=business).status == PeriodReport.Status.REQUESTED
    response = client.post(url, form_data(kerupuk, **{"bahan-0-country": "MY"}))
    assert response.status_code == 302
    report = PeriodReport.objects.get(period=period, business=business)
    assert report.status == PeriodReport.Status.SUBMITTED and not report.confirmed_unchanged
    assert report.raw_materials.get().country == "MY"
    business.refresh_from_db()
    assert (business.workers_male, business.workers_female, business.investment) == (2, 6, 30 * MILLION)
    production = ProductionReport.objects.get(product=kerupuk, year=2025, semester=SECOND)
    assert production.quantity == Decimal("450")
    # The earlier period keeps its own figures.
    assert ProductionReport.objects.get(product=kerupuk, year=2025, semester=FIRST).quantity == Decimal("400")


def test_another_owner_cannot_open_or_post_my_report(client, other_pelaku, pelaku, period, kerupuk):
    client.force_login(other_pelaku)
    business = pelaku.businesses.get()
    assert owner_page(client, business).status_code == 404
    url = reverse("reporting:report_edit", args=[business.pk])
    assert client.post(url, {"unchanged": "1"}).status_code == 404
    assert PeriodReport.objects.get(period=period, business=business).status == PeriodReport.Status.REQUESTED


def test_a_product_of_another_business_cannot_be_reported_through_mine(client, pelaku, other_pelaku, period, kerupuk):
    foreign = ProductFactory(business=other_pelaku.businesses.get())
    client.force_login(pelaku)
    url = reverse("reporting:report_edit", args=[pelaku.businesses.get().pk])
    response = client.post(url, form_data(kerupuk, **{"produk-0-product": str(foreign.pk), "bahan-0-country": "MY"}))
    assert response.status_code == 200
    assert not ProductionReport.objects.filter(product=foreign).exists()


@pytest.mark.parametrize(
    "who, method, status",
    [
        ("anonymous", "get", 302),
        ("pelaku", "get", 403),
        ("pengurus", "get", 403),
        ("pimpinan", "get", 200),
        ("pimpinan", "post", 403),
        ("dinas", "get", 200),
    ],
)
def test_who_may_see_and_open_periods(client, request, who, method, status, period):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("reporting:period_list")
    data = {"year": "2024", "semester": "1", "deadline": date.today().isoformat()}
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == status
    detail = client.get(reverse("reporting:period_detail", args=[period.pk]))
    assert detail.status_code == (200 if status == 200 or who == "pimpinan" else status)
    assert ReportingPeriod.objects.count() == 1


def test_pimpinan_cannot_verify_or_close(client, pimpinan, period, pelaku):
    report = PeriodReport.objects.get(period=period, business=pelaku.businesses.get())
    client.force_login(pimpinan)
    assert client.post(reverse("reporting:report_review", args=[report.pk]), {"verify": "1"}).status_code == 403
    assert client.post(reverse("reporting:period_close", args=[period.pk])).status_code == 403
    period.refresh_from_db()
    assert period.is_open


def test_officers_see_which_of_their_members_have_not_reported(client, pengurus, pelaku, other_pelaku, period):
    association = Officer.objects.get(user=pengurus).association
    mine = pelaku.businesses.get()
    reported = BusinessFactory(name="Keripik Sudah Lapor")
    MembershipFactory(business=mine, association=association)
    MembershipFactory(business=reported, association=association)
    MembershipFactory(business=other_pelaku.businesses.get())  # another association's member
    # Joined after the period opened: asked too once Dinas adds it; here it has answered.
    PeriodReport.objects.create(period=period, business=reported, status=PeriodReport.Status.SUBMITTED)
    client.force_login(pengurus)
    html = client.get(reverse("reporting:officer_missing")).content.decode()
    assert "Batik Sekar Gedog" in html
    assert "Keripik Sudah Lapor" not in html
    assert "Terasi Gadon Jaya" not in html
    client.force_login(pelaku)
    assert client.get(reverse("reporting:officer_missing")).status_code == 403


def test_dinas_verifies_and_the_dashboard_trend_gains_the_period(client, dinas, pelaku, period, kerupuk):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    client.post(reverse("reporting:report_edit", args=[business.pk]), {"unchanged": "1"})
    report = PeriodReport.objects.get(period=period, business=business)
    client.force_login(dinas)
    response = client.post(reverse("reporting:report_review", args=[report.pk]), {"return": "1", "reason": ""})
    assert response.status_code == 200
    assert response.context["return_form"].errors["reason"]
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.SUBMITTED
    assert client.post(reverse("reporting:report_review", args=[report.pk]), {"verify": "1"}).status_code == 302
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.VERIFIED
    production = ProductionReport.objects.get(product=kerupuk, year=2025, semester=SECOND)
    assert production.status == ProductionReport.Status.VERIFIED
    values = Filters()
    trends = figures.all_panels(Scope(values), figures.Linker(values, "/list/"))["trends"]
    assert dict((row["year"], row["value"]) for row in trends["rows"])[2025] == 80 * MILLION


def test_a_returned_report_needs_a_reason_and_can_be_sent_again(client, dinas, pelaku, period, kerupuk):
    business = pelaku.businesses.get()
    report = services.report_confirm_unchanged(
        report=PeriodReport.objects.get(period=period, business=business), user=pelaku
    )
    with pytest.raises(ValidationError):
        services.report_return(report=report, user=dinas, reason="  ")
    services.report_return(report=report, user=dinas, reason="Nilai produksi terlalu rendah")
    client.force_login(pelaku)
    html = owner_page(client, business).content.decode()
    assert "Nilai produksi terlalu rendah" in html
    response = client.post(
        reverse("reporting:report_edit", args=[business.pk]), form_data(kerupuk, **{"bahan-0-country": "MY"})
    )
    assert response.status_code == 302
    assert PeriodReport.objects.get(pk=report.pk).status == PeriodReport.Status.SUBMITTED


def test_response_rates_by_kecamatan_and_commodity(dinas, pelaku, other_pelaku, period):
    services.report_confirm_unchanged(
        report=PeriodReport.objects.get(period=period, business=pelaku.businesses.get()), user=pelaku
    )
    by_kecamatan = {
        row["label"]: (row["answered"], row["total"]) for row in services.response_rates(period, by="kecamatan")
    }
    assert by_kecamatan == {"Kerek": (1, 1), "Tambakboyo": (0, 1)}
    by_commodity = services.response_rates(period, by="commodity")
    assert sum(row["total"] for row in by_commodity) == 2


def test_reminders_go_out_at_most_once_a_day_and_only_near_the_deadline(
    pelaku, other_pelaku, period, django_capture_on_commit_callbacks
):
    other = other_pelaku.businesses.get()
    other.email = "terasi@example.test"
    other.save()
    pelaku.email = ""  # an owner with a phone only: the on-site notice is the reminder
    pelaku.save()
    early = period.deadline - timedelta(days=15)
    assert services.send_reminders(today=early).notices == 0
    day = period.deadline - timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        first = services.send_reminders(today=day)
    assert first.notices == 2 and first.emails == 1
    assert mail.outbox[0].to == ["terasi@example.test"]
    again = services.send_reminders(today=day)
    assert (again.notices, again.emails, again.skipped_today) == (0, 0, 2)
    assert ReportReminder.objects.filter(sent_on=day).count() == 2
    services.report_confirm_unchanged(report=PeriodReport.objects.get(period=period, business=other), user=other_pelaku)
    next_day = services.send_reminders(today=day + timedelta(days=1))
    assert next_day.notices == 1 and next_day.emails == 0


def test_a_mail_server_that_is_down_delays_the_reminder_email_but_never_repeats_it(
    other_pelaku, period, django_capture_on_commit_callbacks
):
    other = other_pelaku.businesses.get()
    other.email = "terasi@example.test"
    other.save()
    day = period.deadline - timedelta(days=1)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=SMTPException("down")):
        with django_capture_on_commit_callbacks(execute=True):
            result = services.send_reminders(today=day)
    assert result.emails == 2 and mail.outbox == []  # queued, not lost
    assert ReportReminder.objects.filter(sent_on=day).count() == 2
    assert services.send_reminders(today=day).emails == 0  # not again the same day
    OutboundEmail.objects.update(next_attempt_at=timezone.now())  # the retry is due
    call_command("send_outbox", stdout=StringIO())
    reminded = sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Pengingat"))
    assert len(reminded) == 2 and "terasi@example.test" in reminded


def test_pages_run_a_fixed_number_of_queries(client, dinas, pelaku, period, django_assert_max_num_queries):
    for n in range(30):
        BusinessFactory(name=f"Usaha {n}", desa=desa("35.23.06.2008"))
    services.period_close(period=period)
    bigger = services.period_open(
        year=2024, semester=SECOND, deadline=date.today() + timedelta(days=9), opened_by=dinas
    )
    client.force_login(dinas)
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("reporting:period_detail", args=[bigger.pk]), {"status": "diminta"}).status_code == 200
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reporting:period_list")).status_code == 200
    client.force_login(pelaku)
    with django_assert_max_num_queries(25):
        assert owner_page(client, pelaku.businesses.get()).status_code == 200


def test_an_untouched_empty_raw_material_row_does_not_block_the_report(client, pelaku, period, kerupuk):
    client.force_login(pelaku)
    blank_row = {f"bahan-0-{name}": "" for name in ("name", "quantity", "unit", "value", "origin", "country")}
    response = client.post(
        reverse("reporting:report_edit", args=[pelaku.businesses.get().pk]), form_data(kerupuk, **blank_row)
    )
    assert response.status_code == 302
    report = PeriodReport.objects.get(period=period, business=pelaku.businesses.get())
    assert report.status == PeriodReport.Status.SUBMITTED and not report.raw_materials.exists()


def test_dinas_may_type_in_a_paper_report_but_pimpinan_and_another_owner_may_not(dinas, pimpinan, other_pelaku, period):
    report = PeriodReport.objects.get(period=period, business=other_pelaku.businesses.get())
    mine = PeriodReport.objects.exclude(pk=report.pk).get(period=period)
    for outsider in (pimpinan, other_pelaku):
        with pytest.raises(PermissionDenied):
            services.report_confirm_unchanged(report=mine, user=outsider)
    services.report_confirm_unchanged(report=report, user=dinas)
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.SUBMITTED and report.submitted_by == dinas


def test_the_demo_opens_the_next_period_and_answers_part_of_it_once(dinas, pelaku, kerupuk):
    from demo.reporting import seed_reporting

    period = seed_reporting()
    assert period.label == "Semester II 2025"  # after the demo's last report, Semester I 2025
    answered = period.reports.answered().count()
    assert seed_reporting() == period and period.reports.answered().count() == answered


def test_a_second_tab_cannot_overwrite_a_report_sent_from_the_first(client, pelaku, period, kerupuk):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    url = reverse("reporting:report_edit", args=[business.pk])
    loaded = PeriodReport.objects.get(period=period, business=business).version
    first = client.post(url, {"parent_version": loaded, **form_data(kerupuk, **{"bahan-0-country": "MY"})})
    assert first.status_code == 302
    second = client.post(
        url,
        {"parent_version": loaded, **form_data(kerupuk, **{"bahan-0-country": "MY", "angka-workers_male": "9"})},
    )
    # The first tab's report was sent: the page no longer takes edits, and nothing changed.
    assert second.status_code in (200, 302)
    report = PeriodReport.objects.get(period=period, business=business)
    assert report.workers_male == 2


def test_a_stale_draft_page_gets_the_conflict_message_and_saves_nothing(client, pelaku, period, kerupuk):
    client.force_login(pelaku)
    business = pelaku.businesses.get()
    url = reverse("reporting:report_edit", args=[business.pk])
    loaded = PeriodReport.objects.get(period=period, business=business).version
    draft = {**form_data(kerupuk, **{"bahan-0-country": "MY"}), "draft": "1"}
    draft.pop("submit")
    assert client.post(url, {"parent_version": loaded, **draft}).status_code == 302
    stale = client.post(url, {"parent_version": loaded, **draft, "angka-workers_male": "9"})
    assert stale.status_code == 200
    assert "Data ini sudah diubah oleh" in stale.content.decode()
    assert PeriodReport.objects.get(period=period, business=business).workers_male == 2
    assert 'name="parent_version"' in client.get(url).content.decode()


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("pelaku", 403), ("pengurus", 403)])
def test_only_dinas_and_pimpinan_open_a_report_under_review(client, request, who, status, period, pelaku):
    report = PeriodReport.objects.get(period=period, business=pelaku.businesses.get())
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    url = reverse("reporting:report_review", args=[report.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"verify": "1"}).status_code == status
    report.refresh_from_db()
    assert report.status == PeriodReport.Status.REQUESTED


def test_the_period_list_needs_the_same_queries_for_one_or_three_periods(
    client, dinas, period, django_assert_max_num_queries
):
    client.force_login(dinas)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reporting:period_list"))
    services.period_close(period=period)
    for year in (2022, 2023):
        services.period_close(
            period=services.period_open(
                year=year, semester=SECOND, deadline=date.today() + timedelta(days=3), opened_by=dinas
            )
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(client.get(reverse("reporting:period_list")).context["periods"]) == 3
