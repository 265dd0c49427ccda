"""Pages of the reporting cycle.

- Dinas (`/pelaporan/`): open a period, follow response rates by kecamatan and commodity,
  verify or return reports, close the period. Reading needs `reporting.view_periodreport`
  (Pimpinan too); opening, closing and verifying need the change permissions (Staf Dinas).
- Owners (`/pelaporan/usaha/<id>/`): the open period's report of their business, starting
  from the last report's values. Another owner's business is a 404.
- Officers (`/pelaporan/asosiasi/`): which of their active members have not reported.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations.models import Membership
from organizations.selectors import memberships_visible_to, officer_roles
from registry.access import get_business_for
from tuban_ikm.locking import ConcurrentEditError, conflict_message, posted_parent_version

from . import services
from .forms import FiguresForm, PeriodOpenForm, ProductLineFormSet, RawMaterialFormSet, ReturnForm
from .models import PeriodReport, ReportingPeriod

PAGE_SIZE = 50
PERIODS_SHOWN = 20


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


# --- Dinas ---------------------------------------------------------------------------------


@login_required
def period_list(request):
    _require(request, "reporting.view_periodreport")
    form = None
    if request.user.has_perm("reporting.add_reportingperiod"):
        form = PeriodOpenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                period = services.period_open(**form.cleaned_data, opened_by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Periode %(period)s dibuka. %(count)s usaha diminta laporannya.")
                    % {"period": period.label, "count": period.reports.count()},
                )
                return redirect("reporting:period_detail", period.pk)
    elif request.method == "POST":
        raise PermissionDenied
    shown = list(ReportingPeriod.objects.select_related("opened_by")[:PERIODS_SHOWN])
    summaries = services.period_summaries(shown)
    periods = [(period, summaries[period.pk]) for period in shown]
    return render(request, "reporting/period_list.html", {"form": form, "periods": periods, "nav": "reporting"})


@login_required
def period_detail(request, pk):
    _require(request, "reporting.view_periodreport")
    period = get_object_or_404(ReportingPeriod, pk=pk)
    status = request.GET.get("status", PeriodReport.Status.SUBMITTED)
    reports = (
        PeriodReport.objects.filter(period=period)
        .select_related("business__desa__kecamatan")
        .order_by("business__name", "pk")
    )
    if status in PeriodReport.Status.values:
        reports = reports.filter(status=status)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("halaman"))
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "summary": services.period_summary(period),
            "by_kecamatan": services.response_rates(period, by="kecamatan"),
            "by_commodity": services.response_rates(period, by="commodity"),
            "page": page,
            "status": status,
            "statuses": PeriodReport.Status.choices,
            "nav": "reporting",
        },
    )


@login_required
@require_POST
def period_close(request, pk):
    _require(request, "reporting.change_reportingperiod")
    period = services.period_close(period=get_object_or_404(ReportingPeriod, pk=pk))
    messages.success(request, _("Periode %(period)s ditutup.") % {"period": period.label})
    return redirect("reporting:period_detail", period.pk)


@login_required
def report_review(request, pk):
    _require(request, "reporting.view_periodreport")
    report = get_object_or_404(
        PeriodReport.objects.select_related("period", "business__desa__kecamatan").prefetch_related("raw_materials"),
        pk=pk,
    )
    may_change = request.user.has_perm("reporting.change_periodreport")
    return_form = ReturnForm(request.POST or None)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        try:
            if "verify" in request.POST:
                services.report_verify(report=report, user=request.user)
                messages.success(request, _("Laporan diverifikasi."))
                return redirect("reporting:period_detail", report.period_id)
            if return_form.is_valid():
                services.report_return(report=report, user=request.user, reason=return_form.cleaned_data["reason"])
                messages.success(request, _("Laporan dikembalikan ke pemilik."))
                return redirect("reporting:period_detail", report.period_id)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("reporting:report_review", report.pk)
    production = report.business.products.filter(
        production_reports__year=report.period.year, production_reports__semester=report.period.semester
    ).values(
        "name",
        "unit",
        "production_reports__installed_capacity",
        "production_reports__quantity",
        "production_reports__production_value",
        "production_reports__status",
    )
    return render(
        request,
        "reporting/report_review.html",
        {
            "report": report,
            "production": list(production),
            "return_form": return_form,
            "may_change": may_change,
            "nav": "reporting",
        },
    )


# --- Owners ----------------------------------------------------------------------------------


@login_required
def report_edit(request, business_pk):
    business = get_business_for(request.user, business_pk)
    report = services.request_for(business)
    if report is None:
        return render(request, "reporting/report_none.html", {"business": business})
    report.business = business
    products = list(business.products.order_by("name", "pk"))
    start = services.starting_values(report)
    editable = report.is_editable

    loaded_version = posted_parent_version(request.POST) if request.method == "POST" else None
    if request.method == "POST" and editable and "unchanged" in request.POST:
        try:
            services.report_confirm_unchanged(report=report, user=request.user, loaded_version=loaded_version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ConcurrentEditError as error:
            messages.error(request, conflict_message(error.instance, staff=False))
            return redirect("reporting:report_edit", business.pk)
        else:
            messages.success(
                request, _("Terima kasih. Laporan %(period)s dikirim ke Dinas.") % {"period": report.period.label}
            )
            return redirect("reporting:report_edit", business.pk)

    saved_lines = services.saved_lines(report)
    data = request.POST if request.method == "POST" and editable and "unchanged" not in request.POST else None
    figures = FiguresForm(data, initial=services.initial_figures(report, start), prefix="angka")
    lines = ProductLineFormSet(
        data,
        products=products,
        prefix="produk",
        initial=[{"product": p.pk, **(saved_lines.get(p.pk) or start.lines.get(p.pk, {}))} for p in products],
    )
    materials = RawMaterialFormSet(data, prefix="bahan", initial=services.initial_materials(report, start))
    if data is not None and figures.is_valid() and lines.is_valid() and materials.is_valid():
        try:
            services.report_save(
                report=report,
                user=request.user,
                figures=figures.cleaned_data,
                lines={f.cleaned_data["product"]: f.cleaned_data for f in lines.forms if f.cleaned_data},
                materials=[
                    f.cleaned_data for f in materials.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
                submit="submit" in data,
                loaded_version=loaded_version,
            )
        except ValidationError as error:
            figures.add_error(None, error)
        except ConcurrentEditError as error:
            # What was typed stays on the page; nothing is saved over the other change.
            figures.add_error(None, conflict_message(error.instance, staff=False))
        else:
            if "submit" in data:
                messages.success(
                    request, _("Terima kasih. Laporan %(period)s dikirim ke Dinas.") % {"period": report.period.label}
                )
            else:
                messages.success(request, _("Konsep laporan tersimpan."))
            return redirect("reporting:report_edit", business.pk)
    return render(
        request,
        "reporting/report_form.html",
        {
            "business": business,
            "report": report,
            "start": start,
            "figures": figures,
            "lines": lines,
            "line_rows": list(zip(products, lines.forms, strict=False)),
            "materials": materials,
            "editable": editable,
        },
    )


# --- Officers --------------------------------------------------------------------------------


@login_required
def officer_missing(request):
    roles = list(officer_roles(request.user))
    if not roles:
        raise PermissionDenied
    period = ReportingPeriod.objects.open().first()
    rows, page = [], None
    if period is not None:
        members = memberships_visible_to(request.user, roles).filter(status=Membership.Status.ACTIVE)
        reports = (
            PeriodReport.objects.filter(period=period, business__in=members.values("business"))
            .missing()
            .select_related("business__desa__kecamatan")
            .order_by("business__name", "pk")
        )
        page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("halaman"))
        rows = page.object_list
    return render(request, "reporting/officer_missing.html", {"period": period, "page": page, "rows": rows})
