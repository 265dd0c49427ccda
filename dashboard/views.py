"""The dashboard (/dasbor/) for Staf Dinas and Pimpinan: figures, the list behind each
figure, the map, exports and a printable profile per business.

Access: anonymous visitors are sent to the login page; signed-in users without
"registry.view_business" (owners, association officers) get 403. Exports also need the
sheet's "export_<model>" permission, and personal data needs "registry.view_personal_data".
"""

import json
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.models import Membership
from registry.models import Business, Kecamatan, Product
from registry.resources import PERSONAL_DATA_PERMISSION
from tuban_ikm.access_log import log_view

from . import figures, report, topics
from .boundaries import LOAD_COMMAND
from .charts import angka, rupiah_short
from .exporting import (
    FORMAT_LABELS,
    FORMATS,
    OPEN_DATA,
    VIEW_PERMISSION,
    export_response,
    exportable_datasets,
    may_export,
)
from .exporting import prepare_export as prepare
from .forms import FilterForm, ListFilterForm, ReportForm
from .models import Boundary, ExportLog
from .opendata import write_open_data_metadata_csv
from .scope import Scope

LIST_PAGE_SIZE = 50


def dashboard_view(view):
    """Signed in (else to the login page) and allowed to read the registry (else 403)."""

    @login_required
    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def export_links(user, filters):
    """(label, [(format, url)]) for every sheet this user may export, with the page's filters."""
    query = filters.query()
    links = [
        (
            dataset.label,
            [(FORMAT_LABELS[fmt], reverse("dashboard:export", args=[dataset.key, fmt]) + query) for fmt in FORMATS],
        )
        for dataset in exportable_datasets(user)
    ]
    if may_export(user, OPEN_DATA):
        links.append(
            (
                ExportLog.Dataset.OPENDATA.label,
                [(FORMAT_LABELS[fmt], reverse("dashboard:export", args=[OPEN_DATA, fmt]) + query) for fmt in FORMATS]
                + [(_("metadata CSV"), reverse("dashboard:opendata_metadata") + query)],
            )
        )
    return links


@dashboard_view
def index(request):
    form = FilterForm(request.GET)
    filters = form.filters()
    scope = Scope.for_user(request.user, filters)
    context = {
        "form": form,
        "filters": filters,
        "panels": figures.all_panels(scope, figures.Linker(filters)),
        "list_url": reverse("dashboard:business_list") + filters.query(),
        "map_url": reverse("dashboard:map") + filters.query(),
        "report_url": reverse("dashboard:report_print") + filters.query(),
        "exports": export_links(request.user, filters),
        "expiring_days": (scope.expiring_until() - scope.today).days,
        "open_topics": topics.open_topics_panel(scope),
    }
    return render(request, "dashboard/index.html", context)


@dashboard_view
def report_print(request):
    """The printable report for the Bupati: the dashboard's panels for the filters, the
    response rate of a reporting period and a static map, laid out for A4."""
    form = ReportForm(request.GET)
    filters = form.filters()
    scope = Scope.for_user(request.user, filters)
    panels = figures.all_panels(scope, figures.Linker(filters))
    rows = panels["kecamatan"]["rows"]
    kecamatan_name = next((row["name"] for row in rows if row["code"] == filters.kecamatan), "")
    context = {
        "form": form,
        "filters": filters,
        "panels": panels,
        "kecamatan_name": kecamatan_name,
        "commodity_name": dict(form.fields["commodity"].choices).get(filters.commodity) if filters.commodity else "",
        "response": report.response(report.chosen_period(form.selected_period()), filters.kecamatan),
        "map": report.boundary_map(rows, filters.kecamatan),
        "dashboard_url": reverse("dashboard:index") + filters.query(),
    }
    return render(request, "dashboard/report_print.html", context)


@dashboard_view
def business_list(request):
    """The records behind a figure: the businesses matching the filters, a page at a time."""
    form = ListFilterForm(request.GET)
    filters = form.filters()
    scope = Scope.for_user(request.user, filters)
    businesses = scope.businesses().select_related("desa__kecamatan", "kbli").order_by("name", "pk")
    paginator = Paginator(businesses, LIST_PAGE_SIZE)
    # The count of 100,000 businesses is most of this page's time (a scan of the table, or of
    # the join to desa with a kecamatan filter); with the dashboard's filters alone the
    # summary knows it. The page itself is read on the index business_name_order.
    src = figures.source(scope)
    if isinstance(src, figures.summary_figures.SummarySource):
        paginator.count = src.business_count()
    page = paginator.get_page(request.GET.get("halaman"))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "drilldowns": form.active_drilldowns(filters),
        "keep": form.kept_drilldowns(filters),
        "query": filters.query(),
        "dashboard_url": reverse("dashboard:index") + filters.global_only().query(),
        "exports": export_links(request.user, filters),
    }
    return render(request, "dashboard/business_list.html", context)


@dashboard_view
def business_print(request, pk):
    """A one-page profile to print; personal data only for those who may see it."""
    products = Product.objects.order_by("name", "pk").prefetch_related(
        "production_reports", "market_areas__kecamatan", "certifications", "kbli"
    )
    business = get_object_or_404(
        Business.objects.visible_to(request.user)
        .select_related("desa__kecamatan", "kbli")
        .prefetch_related(
            Prefetch("products", queryset=products),
            "needs",
            "assistance",
            Prefetch("memberships", queryset=Membership.objects.select_related("association", "umbrella")),
        ),
        pk=pk,
    )
    for product in business.products.all():
        product.latest_reports = sorted(product.production_reports.all(), key=lambda r: (-r.year, -r.semester))[:4]
    context = {
        "business": business,
        "personal": request.user.has_perm(PERSONAL_DATA_PERMISSION),
    }
    log_view(request, business, source="cetak")
    return render(request, "dashboard/business_print.html", context)


@dashboard_view
def map_view(request):
    form = FilterForm(request.GET)
    filters = form.filters()
    context = {
        "form": form,
        "filters": filters,
        "has_boundaries": Boundary.objects.exists(),
        "load_command": LOAD_COMMAND,
        "data_url": reverse("dashboard:map_data") + filters.query(),
        "list_url": reverse("dashboard:business_list") + filters.query(),
        "map_labels": {
            "ikm": _("IKM"),
            "value": _("Nilai produksi"),
            "kecamatan": _("Kec."),
            "list": _("Lihat daftar usaha"),
            "loaded": _("Tahun acuan nilai produksi: %(year)s."),
            "failed": _("Peta gagal dimuat. Coba muat ulang halaman."),
            "none": _("tidak ada"),
        },
    }
    if not context["has_boundaries"]:
        scope = Scope.for_user(request.user, filters)
        context["kecamatan"] = figures.by_kecamatan(scope, figures.Linker(filters))
        context["reference_year"] = scope.reference_year()
    return render(request, "dashboard/map.html", context)


def compact_json(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


@dashboard_view
def map_data(request):
    """GeoJSON of the loaded boundaries with figures per desa and per kecamatan.

    Kecamatan figures travel on each desa feature (the map groups desa by code prefix to
    draw a kecamatan), so one response serves both levels. Four queries in all.
    """
    filters = FilterForm(request.GET).filters()
    scope = Scope.for_user(request.user, filters)
    link = figures.Linker(filters)
    year = scope.reference_year()
    src = figures.source(scope)
    counts = src.desa_counts()
    values = src.desa_values(year)
    kecamatan_names = dict(Kecamatan.objects.values_list("code", "name"))
    kecamatan_counts, kecamatan_values = {}, {}
    for code, n in counts.items():
        kecamatan_counts[code[:8]] = kecamatan_counts.get(code[:8], 0) + n
    for code, value in values.items():
        kecamatan_values[code[:8]] = kecamatan_values.get(code[:8], 0) + value
    # Each kecamatan's properties once (20), not once per desa (328): the number formatting
    # and links were a third of this response's time.
    kecamatan_properties = {}

    def of_kecamatan(code):
        if code not in kecamatan_properties:
            value = kecamatan_values.get(code, 0)
            kecamatan_properties[code] = {
                "kecamatan_kode": code,
                "kecamatan": kecamatan_names.get(code, ""),
                "kecamatan_ikm": kecamatan_counts.get(code, 0),
                "kecamatan_nilai": float(value),
                "kecamatan_nilai_teks": rupiah_short(value),
                "kecamatan_url": link(kecamatan=code),
            }
        return kecamatan_properties[code]

    features = []
    # The geometry goes out as stored (Boundary.geometry_text), never parsed or re-encoded.
    for code, name, level, lat, lng, geometry in Boundary.objects.order_by("code").values_list(
        "code", "name", "level", "centre_lat", "centre_lng", "geometry_text"
    ):
        properties = {"kode": code, "nama": name, "level": level, **of_kecamatan(code[:8])}
        properties |= {"lat": lat, "lng": lng}
        if level == Boundary.Level.DESA:
            value = values.get(code, 0)
            properties |= {
                "ikm": counts.get(code, 0),
                "ikm_teks": angka(counts.get(code, 0)),
                "nilai": float(value),
                "nilai_teks": rupiah_short(value),
                "url": link(desa=code),
            }
        features.append(f'{{"type":"Feature","properties":{compact_json(properties)},"geometry":{geometry or "null"}}}')
    response = HttpResponse(
        f'{{"type":"FeatureCollection","tahun":{compact_json(year)},"features":[{",".join(features)}]}}',
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


@dashboard_view
def export(request, dataset, file_format):
    """A sheet (or the open data) with the list's filters; the permission is checked in prepare()."""
    if file_format not in FORMATS or dataset not in ExportLog.Dataset.values:
        raise Http404
    filters = ListFilterForm(request.GET).filters()
    prepared = prepare(
        user=request.user,
        dataset=dataset,
        file_format=file_format,
        source=ExportLog.Source.DASHBOARD,
        filters=filters.params(),
        scope=Scope.for_user(request.user, filters),
    )
    return export_response(prepared)


@dashboard_view
def opendata_metadata(request):
    if not may_export(request.user, OPEN_DATA):
        raise PermissionDenied
    filters = FilterForm(request.GET).filters()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registri-ikm-tuban-opendata-metadata.csv"'
    write_open_data_metadata_csv(Scope.for_user(request.user, filters), response)
    return response
