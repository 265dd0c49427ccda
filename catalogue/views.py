"""Public catalogue, village pages, staff e-katalog and sentra pages, and the demand board."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import thresholds
from registry.models import Business, CommodityGroup, Desa, Kecamatan

from . import exports, matching, selectors, services
from .forms import CatalogueFilterForm, DemandForm, OfferForm
from .models import Demand, Offer, PublishedProduct

PAGE_SIZE = 24


DESA_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("halaman"))


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("halaman", None)
    return query.urlencode()


# --- Public catalogue -----------------------------------------------------------------------


def catalogue_list(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    products = selectors.search_products(**filters)
    page = _page(request, products)
    desa = None
    if filters.get("desa"):
        desa = Desa.objects.select_related("kecamatan").filter(pk=filters["desa"]).first()
    return render(
        request,
        "catalogue/catalogue_list.html",
        {"form": form, "page": page, "query": _query_without_page(request), "filters": filters, "desa": desa},
    )


def product_detail(request, pk):
    product = get_object_or_404(
        PublishedProduct.objects.for_listing().filter(business__business__status=Business.Status.ACTIVE), pk=pk
    )
    others = (
        PublishedProduct.objects.filter(business=product.business).exclude(pk=product.pk).order_by("name", "pk")[:6]
    )
    return render(request, "catalogue/product_detail.html", {"product": product, "others": others})


# --- Villages ----------------------------------------------------------------------------------


def desa_index(request):
    kecamatan = Kecamatan.objects.prefetch_related("desa_set").order_by("name")
    return render(request, "catalogue/desa_index.html", {"kecamatan_list": kecamatan})


def desa_detail(request, code):
    desa = get_object_or_404(Desa.objects.select_related("kecamatan"), pk=code)
    products = PublishedProduct.objects.for_listing().filter(desa=desa).order_by("name", "pk")
    page = _page(request, products, size=12)
    return render(
        request,
        "catalogue/desa_detail.html",
        {
            "desa": desa,
            "page": page,
            "query": _query_without_page(request),
            "commodities": selectors.desa_commodity_counts(desa),
            "programmes": selectors.desa_programmes(desa),
            "sentra": desa.sentra.all(),
        },
    )


@login_required
@permission_required("registry.change_business", raise_exception=True)
def sentra_list(request):
    if request.method == "POST":
        code = request.POST.get("desa") or ""
        if not DESA_CODE.fullmatch(code):  # raw POST data; a NUL byte would break the query
            raise Http404
        desa = get_object_or_404(Desa, pk=code)
        commodity = request.POST.get("commodity")
        if commodity not in CommodityGroup.values:
            raise Http404
        count = next(
            (
                row["businesses"]
                for row in selectors.sentra_candidates()
                if row["desa"] == desa.pk and row["commodity"] == commodity
            ),
            None,
        )
        if count is None:
            messages.error(request, _("Desa ini belum memenuhi syarat sentra IKM untuk komoditas tersebut."))
        else:
            services.sentra_confirm(desa=desa, commodity=commodity, business_count=count, user=request.user)
            messages.success(request, _("Sentra IKM dikonfirmasi."))
        return redirect("desa:sentra")
    return render(
        request,
        "catalogue/sentra_list.html",
        {"candidates": selectors.sentra_candidates(), "minimum": thresholds.SENTRA_MINIMUM_UNITS},
    )


# --- e-Katalog (staff) -------------------------------------------------------------------------


@login_required
@permission_required("registry.view_product", raise_exception=True)
def ekatalog_list(request):
    ready_only = request.GET.get("siap") == "1"
    products = selectors.ekatalog_products()
    if ready_only:
        products = products.filter(business__verification_status=Business.Verification.VERIFIED)
    page = _page(request, products, size=50)
    rows = [(product, product.ekatalog_checklist()) for product in page.object_list]
    if ready_only:
        rows = [(product, checklist) for product, checklist in rows if not checklist.missing]
    return render(
        request,
        "catalogue/ekatalog_list.html",
        {"page": page, "rows": rows, "ready_only": ready_only, "query": _query_without_page(request)},
    )


@login_required
@permission_required("registry.export_product", raise_exception=True)
def ekatalog_export(request):
    content = exports.write_xlsx(exports.ekatalog_columns(), exports.ekatalog_rows(request.build_absolute_uri))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"katalog-lokal-ikm-tuban-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Demand board -------------------------------------------------------------------------------


def _demand_for(user, pk):
    return get_object_or_404(
        Demand.objects.visible_to(user).select_related("kbli", "delivery_kecamatan", "posted_by"), pk=pk
    )


@login_required
def demand_list(request):
    status = request.GET.get("status", Demand.Status.OPEN)
    demands = Demand.objects.visible_to(request.user).select_related("delivery_kecamatan")
    if status == "saya":
        demands = demands.filter(posted_by=request.user)
    elif status in Demand.Status.values:
        demands = demands.filter(status=status)
    page = _page(request, demands, size=20)
    return render(
        request,
        "catalogue/demand_list.html",
        {
            "page": page,
            "status": status,
            "query": _query_without_page(request),
            "can_post": request.user.has_perm("catalogue.add_demand"),
            "can_summary": request.user.has_perm("registry.view_business"),
        },
    )


@login_required
@permission_required("catalogue.add_demand", raise_exception=True)
def demand_create(request):
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        demand = form.save(commit=False)
        try:
            demand = services.demand_create(
                user=request.user, **{name: getattr(demand, name) for name in form.Meta.fields}
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Permintaan diterbitkan."))
            return redirect("demand:detail", demand.pk)
    return render(request, "catalogue/demand_form.html", {"form": form})


@login_required
def demand_detail(request, pk):
    demand = _demand_for(request.user, pk)
    manage = services.can_manage_demand(request.user, demand)
    own_businesses = Business.objects.filter(owner=request.user, status=Business.Status.ACTIVE)
    offer_form = None
    if demand.is_open and own_businesses.exists():
        offer_form = OfferForm(request.POST or None, user=request.user, initial={"quantity": demand.quantity})
        if request.method == "POST" and offer_form.is_valid():
            data = offer_form.cleaned_data
            try:
                services.offer_submit(
                    demand=demand,
                    business=data["business"],
                    user=request.user,
                    quantity=data["quantity"],
                    price=data["price"],
                    lead_time_days=data["lead_time_days"],
                    note=data["note"],
                )
            except ValidationError as error:
                offer_form.add_error(None, error)
            else:
                messages.success(request, _("Penawaran terkirim ke pemesan."))
                return redirect("demand:detail", demand.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "demand": demand,
        "manage": manage,
        "can_decide": services.can_decide_demand(request.user, demand),
        "offer_form": offer_form,
        "my_offers": Offer.objects.filter(demand=demand, business__owner=request.user).select_related("business"),
    }
    if manage:
        ranked = matching.rank_suppliers(demand)
        context.update(
            offers=demand.offers.select_related("business__desa__kecamatan"),
            matches=ranked,
            group=matching.suggest_group(demand, ranked),
        )
    return render(request, "catalogue/demand_detail.html", context)


@login_required
@require_POST
def offer_taken(request, pk, offer_pk):
    demand = _demand_for(request.user, pk)
    offer = get_object_or_404(Offer.objects.select_related("demand"), pk=offer_pk, demand=demand)
    services.offer_set_taken(offer=offer, user=request.user, taken=request.POST.get("taken", "1") == "1")
    messages.success(request, _("Status penawaran disimpan."))
    return redirect("demand:detail", demand.pk)


@login_required
@require_POST
def demand_close(request, pk):
    demand = _demand_for(request.user, pk)
    services.demand_close(demand=demand, user=request.user)
    messages.success(request, _("Permintaan ditutup dan tetap tersimpan sebagai arsip."))
    return redirect("demand:detail", demand.pk)


@login_required
@permission_required("registry.view_business", raise_exception=True)
def demand_summary(request):
    return render(request, "catalogue/demand_summary.html", {"rows": selectors.demand_summary()})
