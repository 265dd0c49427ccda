"""Pages for Dinas staff (/dinas/): the review queue, one profile's review, the business
list behind every data-quality figure, duplicate candidates with merging, data quality.

Every page needs "registry.change_business": anonymous visitors go to the login page;
owners, association officers and Pimpinan (view only) get 403.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import F, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tuban_ikm import personal
from tuban_ikm.access_log import log_view
from tuban_ikm.locking import ConcurrentEditError, history_url
from tuban_ikm.paginators import count_or_estimate
from tuban_ikm.redirects import safe_next

from . import quality, review, services, thresholds
from .models import Business, ProductionReport
from .staff_forms import ReportReturnForm, ReturnForm, StaffBusinessFilter, StatusForm
from .views import PROFILE_PREFETCH

PAGE_SIZE = 25
REPORTS_SHOWN = 50
STAFF_PERMISSION = "registry.change_business"
# The queue's report table (templates/registry/staff_queue.html).
REPORT_COLUMNS = (
    "year",
    "semester",
    "quantity",
    "production_value",
    "status",
    "product__name",
    "product__unit",
    "product__business__name",
    "product__business__desa__kecamatan__name",
)


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(STAFF_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _show_personal(request):
    return personal.may_see(request.user)


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("halaman"))


def _pk_urls(viewname):
    """pk -> reverse(viewname, args=[pk]) for a route whose last part is `<int:pk>`, from one
    reverse(): the queue links 125 rows, and reverse() per row was 4 ms of the page."""
    marker = "9876543210"
    prefix, found, suffix = reverse(viewname, args=[int(marker)]).rpartition(marker)
    assert found, viewname
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()


# --- Review queue ---------------------------------------------------------------------------


@staff_required
def queue(request):
    data = request.GET.copy()
    if "verification_status" not in data:
        data["verification_status"] = Business.Verification.SUBMITTED
    base = Business.objects.select_related("desa__kecamatan", "kbli")
    business_filter = StaffBusinessFilter(data, queryset=base)
    businesses = business_filter.qs.order_by(F("submitted_at").asc(nulls_last=True), "pk")
    page = _page(request, businesses)
    rows = list(page.object_list)
    prefetch_related_objects(rows, "products")
    reviews = review.review_changes(rows, show_personal=_show_personal(request))
    review_url = _pk_urls("dinas:review_detail")
    for business in rows:
        business.review_url = review_url(business.pk)

    # Production reports of the same businesses (any verification state), in the status asked.
    report_data = data.copy()
    status = report_data.pop("verification_status", [""])[-1]
    report_businesses = StaffBusinessFilter(report_data, queryset=Business.objects.all()).qs
    reports = ProductionReport.objects.all()
    if report_businesses.query.has_filters():  # else every business: no semi-join over the table
        reports = reports.filter(product__business__in=report_businesses.values("pk"))
    if status:
        reports = reports.filter(status=status)
    # Only what the table shows: the business row is wide (45 columns, the published snapshot)
    # and fifty of them were read and built for a name and a kecamatan.
    reports = (
        reports.select_related("product__business__desa__kecamatan").only(*REPORT_COLUMNS).order_by("updated_at", "pk")
    )
    shown_reports = list(reports[:REPORTS_SHOWN])
    action_url = _pk_urls("dinas:report_action")
    for report in shown_reports:
        report.review_url = review_url(report.product.business_id)
        report.action_url = action_url(report.pk)
    # Above 10,000 waiting reports the badge shows the planner's estimate, "sekitar ...".
    report_count, report_count_estimated = count_or_estimate(reports)
    return render(
        request,
        "registry/staff_queue.html",
        {
            "filter": business_filter,
            "page": page,
            "rows": [(business, reviews[business.pk]) for business in rows],
            "reports": shown_reports,
            "report_count": report_count,
            "report_count_estimated": report_count_estimated,
            "query": _query_without_page(request),
            "nav": "queue",
        },
    )


@staff_required
@require_POST
def verify_selected(request):
    """Bulk verify: each checkbox carries "pk:version", so a profile changed since the queue
    was loaded is skipped, not verified unseen."""
    wanted = {}
    for value in request.POST.getlist("selected"):
        pk, _sep, version = value.partition(":")
        if pk.isdigit():
            wanted[int(pk)] = int(version) if version.isdigit() else None
    done, stale = 0, []
    for business in Business.objects.filter(pk__in=wanted).select_related("desa", "kbli", "owner"):
        if wanted[business.pk] is not None and wanted[business.pk] != business.version:
            stale.append(business.name)
            continue
        try:
            services.business_verify(business=business, user=request.user)
        except ConcurrentEditError:
            stale.append(business.name)
        else:
            done += 1
    if done:
        messages.success(request, _("%(count)s profil diverifikasi.") % {"count": done})
    if stale:
        messages.warning(
            request,
            _("Tidak diverifikasi karena berubah setelah daftar dibuka: %(names)s. Periksa perubahannya dulu.")
            % {"names": ", ".join(stale)},
        )
    if not wanted:
        messages.warning(request, _("Pilih minimal satu profil."))
    return redirect(safe_next(request, reverse("dinas:queue")))


def _business_for_review(pk):
    return get_object_or_404(Business.objects.select_related("desa__kecamatan", "kbli", "owner", "verified_by"), pk=pk)


@staff_required
def review_detail(request, pk):
    business = _business_for_review(pk)
    prefetch_related_objects([business], *PROFILE_PREFETCH)
    completeness = business.completeness()
    return_form = ReturnForm(completeness=completeness, initial={"version": business.version})
    status_form = StatusForm(initial={"version": business.version, "status": business.status})

    if request.method == "POST":
        action = request.POST.get("action")
        posted = request.POST.get("version")
        if posted and posted.isdigit() and int(posted) != business.version:
            messages.error(
                request,
                _(
                    "Profil ini berubah setelah Anda membukanya. Periksa perubahan terbaru di bawah, lalu ulangi "
                    "tindakan Anda."
                ),
            )
            return redirect("dinas:review_detail", pk=business.pk)
        try:
            if action == "verify":
                services.business_verify(business=business, user=request.user)
                messages.success(request, _("Profil %(name)s diverifikasi.") % {"name": business.name})
                return redirect("dinas:queue")
            if action == "return":
                return_form = ReturnForm(request.POST, completeness=completeness)
                if return_form.is_valid():
                    services.business_return(
                        business=business,
                        user=request.user,
                        note=return_form.cleaned_data["note"],
                        fields_to_fix=return_form.cleaned_data["fields_to_fix"],
                    )
                    messages.success(request, _("Profil %(name)s dikembalikan ke pemilik.") % {"name": business.name})
                    return redirect("dinas:queue")
            elif action == "status":
                status_form = StatusForm(request.POST)
                if status_form.is_valid():
                    services.business_set_status(
                        business=business,
                        user=request.user,
                        status=status_form.cleaned_data["status"],
                        note=status_form.cleaned_data["note"],
                    )
                    messages.success(
                        request,
                        _("Status usaha diubah menjadi %(status)s.") % {"status": business.get_status_display()},
                    )
                    return redirect("dinas:review_detail", pk=business.pk)
        except ConcurrentEditError:
            messages.error(request, _("Profil ini baru saja diubah orang lain. Periksa lagi sebelum melanjutkan."))
            return redirect("dinas:review_detail", pk=business.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)

    reviews = review.review_changes([business], show_personal=_show_personal(request))
    reports = ProductionReport.objects.filter(product__business=business).select_related("product")
    log_view(request, business, source="verifikasi")
    return render(
        request,
        "registry/staff_review.html",
        {
            "business": business,
            "review": reviews[business.pk],
            "completeness": completeness,
            "return_form": return_form,
            "status_form": status_form,
            "reports": reports,
            "history_url": history_url(business),
            "show_personal": _show_personal(request),
            "nav": "queue",
        },
    )


@staff_required
@require_POST
def report_action(request, pk):
    report = get_object_or_404(ProductionReport.objects.select_related("product__business"), pk=pk)
    if not request.user.has_perm("registry.change_productionreport"):
        raise PermissionDenied
    if request.POST.get("action") == "verify":
        services.production_report_verify(report=report, user=request.user)
        messages.success(request, _("Laporan produksi %(report)s diverifikasi.") % {"report": report})
    else:
        form = ReportReturnForm(request.POST)
        if form.is_valid():
            services.production_report_return(report=report, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Laporan produksi %(report)s dikembalikan.") % {"report": report})
        else:
            messages.error(request, _("Tuliskan alasan pengembalian untuk pemilik usaha."))
    return redirect(safe_next(request, reverse("dinas:queue")))


# --- Business list (the records behind the data-quality figures) ------------------------------


@staff_required
def business_list(request):
    business_filter = StaffBusinessFilter(
        request.GET, queryset=Business.objects.select_related("desa__kecamatan", "kbli").order_by("name", "pk")
    )
    page = _page(request, business_filter.qs)
    return render(
        request,
        "registry/staff_business_list.html",
        {
            "filter": business_filter,
            "page": page,
            "query": _query_without_page(request),
            "nav": "list",
        },
    )


# --- Duplicates -----------------------------------------------------------------------------


@staff_required
def duplicates(request):
    business_filter = StaffBusinessFilter(request.GET, queryset=Business.objects.all())
    pairs = review.duplicate_pairs(business_filter.qs)
    page = _page(request, pairs, size=50)
    return render(
        request,
        "registry/staff_duplicates.html",
        {"filter": business_filter, "page": page, "query": _query_without_page(request), "nav": "duplicates"},
    )


@staff_required
def merge(request, keep, remove):
    keep_business = _business_for_review(keep)
    remove_business = _business_for_review(remove)
    if request.method == "POST":
        try:
            services.business_merge(keep=keep_business, remove=remove_business, user=request.user)
        except (ValidationError, IntegrityError, ConcurrentEditError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else _("Penggabungan gagal.")
            messages.error(request, text)
        else:
            messages.success(
                request,
                _("%(removed)s digabung ke %(kept)s.") % {"removed": remove_business.name, "kept": keep_business.name},
            )
            return redirect("dinas:review_detail", pk=keep_business.pk)
    for business in (keep_business, remove_business):
        business.merge_counts = {
            "products": business.products.count(),
            "memberships": business.memberships.count(),
            "assistance": business.assistance.count(),
        }
    different_nib = bool(keep_business.nib and remove_business.nib and keep_business.nib != remove_business.nib)
    return render(
        request,
        "registry/staff_merge.html",
        {
            "keep": keep_business,
            "remove": remove_business,
            "different_nib": different_nib,
            "show_personal": _show_personal(request),
            "nav": "duplicates",
        },
    )


# --- Data quality ---------------------------------------------------------------------------


@staff_required
def data_quality(request):
    context = quality.data_quality()
    context.update(
        {
            "nav": "quality",
            "stale_days": thresholds.STALE_AFTER_DAYS,
            "expiring_days": thresholds.CERTIFICATE_EXPIRING_SOON_DAYS,
            "product_changelist": reverse("admin:registry_product_changelist"),
            "certification_changelist": reverse("admin:registry_certification_changelist"),
        }
    )
    return render(request, "registry/staff_data_quality.html", context)
