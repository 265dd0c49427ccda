"""Public catalogue, village pages, staff e-katalog and sentra pages, and the demand board."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry import thresholds
from registry.models import Business, CommodityGroup, Desa, Kecamatan, Product
from registry.templatetags.rupiah import format_number
from tuban_ikm.paginators import KeysFirstPaginator

from . import exports, matching, selectors, services, sharing
from .forms import AssessmentForm, CatalogueFilterForm, DemandForm, OfferForm
from .local_content import local_content
from .models import Demand, EkatalogProposal, Offer, ProductAssessment, PublishedProduct

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
    if selectors.ranked_by_relevance(**filters):
        # Ranking reads every match anyway: the page's keys and the total in one query.
        page = KeysFirstPaginator(products, PAGE_SIZE).get_page(request.GET.get("halaman"))
    else:
        page = _page(request, products)
    desa = None
    if filters.get("desa"):
        desa = Desa.objects.select_related("kecamatan").filter(pk=filters["desa"]).first()
    return render(
        request,
        "catalogue/catalogue_list.html",
        {"form": form, "page": page, "query": _query_without_page(request), "filters": filters, "desa": desa},
    )


def _published_product(pk):
    return get_object_or_404(
        PublishedProduct.objects.for_listing().filter(business__business__status=Business.Status.ACTIVE), pk=pk
    )


def product_detail(request, pk):
    product = _published_product(pk)
    others = (
        PublishedProduct.objects.filter(business=product.business).exclude(pk=product.pk).order_by("name", "pk")[:6]
    )
    link = sharing.absolute(reverse("catalogue:product", args=[product.pk]), request)
    share_text = _("%(product)s dari %(business)s, %(desa)s, Tuban") % {
        "product": product.name,
        "business": product.business.name,
        "desa": product.desa.name,
    }
    return render(
        request,
        "catalogue/product_detail.html",
        {
            "product": product,
            "others": others,
            "assessment": selectors.latest_assessment(product.product_id),
            "can_assess": bool(product.product_id) and request.user.has_perm("catalogue.assess_product"),
            "share_link": link,
            "whatsapp_link": sharing.whatsapp_url(share_text, link),
            "qr_svg": sharing.qr_svg(link),
        },
    )


@login_required
@permission_required("catalogue.assess_product", raise_exception=True)
def assessment_list(request):
    """The assessors' desk: find a published product (name, business, desa) and see its
    latest rating; rated only or not yet rated."""
    form = CatalogueFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    products = selectors.search_products(
        q=filters.get("q", ""), kecamatan=filters.get("kecamatan", ""), commodity=filters.get("commodity", "")
    )
    rated = request.GET.get("dinilai")
    if rated == "1":
        products = products.min_stars(1)
    elif rated == "0":
        products = products.filter(ovop_stars__isnull=True)
    page = _page(request, products, size=50)
    return render(
        request,
        "catalogue/assessment_list.html",
        {"form": form, "page": page, "rated": rated, "query": _query_without_page(request)},
    )


QR_KINDS = {"png", "svg"}


def product_qr(request, pk, kind):
    """The product page's QR code as a file to print on packaging or a stall banner."""
    if kind not in QR_KINDS:
        raise Http404
    product = _published_product(pk)
    content, content_type = sharing.qr_file(
        sharing.absolute(reverse("catalogue:product", args=[product.pk]), request), kind
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="qr-produk-{product.pk}.{kind}"'
    return response


@login_required
@permission_required("catalogue.assess_product", raise_exception=True)
def product_assess(request, pk):
    """An OVOP assessor records the product's rating for a year (the same year again
    corrects it)."""
    product = _published_product(pk)
    if not product.product_id:
        raise Http404
    registry_product = get_object_or_404(Product, pk=product.product_id)
    year = timezone.localdate().year
    existing = ProductAssessment.objects.filter(product=registry_product, year=year).first()
    initial = {"year": year, "assessed_on": timezone.localdate()}
    form = AssessmentForm(request.POST or None, instance=existing, initial=initial, product=registry_product)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_save(product=registry_product, user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Penilaian %(year)s disimpan: %(stars)s bintang (nilai %(total)s).")
                % {"year": assessment.year, "stars": assessment.stars, "total": assessment.total},
            )
            return redirect("catalogue:product", product.pk)
    return render(
        request,
        "catalogue/product_assess.html",
        {
            "product": product,
            "form": form,
            "criteria": ProductAssessment.CRITERIA,
            "bands": ProductAssessment.STAR_BANDS,
        },
    )


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
            "rated": selectors.rated_products(desa),
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
    proposed_only = request.GET.get("usulan") == "1"
    products = selectors.ekatalog_products()
    if ready_only:
        products = products.filter(business__verification_status=Business.Verification.VERIFIED)
    if proposed_only:
        products = products.filter(ekatalog_proposal__isnull=False)
    page = _page(request, products, size=50)
    rows = [
        (product, product.ekatalog_checklist(), local_content(product), getattr(product, "ekatalog_proposal", None))
        for product in page.object_list
    ]
    if ready_only:
        rows = [row for row in rows if not row[1].missing]
    return render(
        request,
        "catalogue/ekatalog_list.html",
        {
            "page": page,
            "rows": rows,
            "ready_only": ready_only,
            "proposed_only": proposed_only,
            "query": _query_without_page(request),
            "statuses": EkatalogProposal.Status,
            "can_propose": request.user.has_perm("catalogue.add_ekatalogproposal"),
            "can_record": request.user.has_perm("catalogue.change_ekatalogproposal"),
        },
    )


@login_required
@require_POST
def ekatalog_proposal(request, product_pk):
    """Propose a product to the UKPBJ or record its answer (catalogue.services.proposal_record)."""
    if not (
        request.user.has_perm("catalogue.add_ekatalogproposal")
        or request.user.has_perm("catalogue.change_ekatalogproposal")
    ):
        raise PermissionDenied
    product = get_object_or_404(
        Product.objects.select_related("business__kbli", "kbli").prefetch_related("certifications", "photos"),
        pk=product_pk,
        business__status=Business.Status.ACTIVE,
    )
    status = request.POST.get("status", "")
    if status not in EkatalogProposal.Status.values:
        raise Http404
    try:
        proposal = services.proposal_record(
            product=product, user=request.user, status=status, note=request.POST.get("note", "")[:300]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(product)s: %(status)s.") % {"product": product.name, "status": proposal.get_status_display()},
        )
    back = reverse("catalogue:ekatalog")
    query = request.POST.get("kembali", "")
    return redirect(f"{back}?{query}" if re.fullmatch(r"[\w=&%-]*", query) and query else back)


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
                user=request.user,
                site=sharing.site_root(request),
                **{name: getattr(demand, name) for name in form.Meta.fields},
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
    own_businesses = Business.objects.owned_by(request.user).filter(status=Business.Status.ACTIVE)
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
    link = sharing.absolute(reverse("demand:detail", args=[demand.pk]), request)
    context = {
        "demand": demand,
        "manage": manage,
        "whatsapp_link": sharing.whatsapp_url(
            _("Permintaan barang: %(title)s, %(quantity)s %(unit)s untuk %(buyer)s")
            % {
                "title": demand.title,
                "quantity": format_number(demand.quantity),
                "unit": demand.get_unit_display(),
                "buyer": demand.buyer_name,
            },
            link,
        ),
        "share_link": link,
        "can_decide": services.can_decide_demand(request.user, demand),
        "offer_form": offer_form,
        "my_offers": Offer.objects.owned_by(request.user).filter(demand=demand).select_related("business"),
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
    decision = request.POST.get("keputusan")
    if decision is None:  # the older form: taken=1 takes, taken=0 undoes
        decision = "taken" if request.POST.get("taken", "1") == "1" else ""
    if decision not in services.OFFER_DECISIONS:
        raise Http404
    try:
        services.offer_decide(offer=offer, user=request.user, decision=decision, site=sharing.site_root(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
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
