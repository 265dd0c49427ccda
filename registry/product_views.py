"""Owner area, product pages (/usaha/<pk>/produk/...): products with their raw materials,
photos, certifications, market areas and production reports.

Every object is reached through access.get_business_for / get_product_for, so another
owner's ids answer 404 for reading and for writing. Every successful save goes through
services.business_record_owner_edit, which sends a verified profile back to Dinas.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tuban_ikm.locking import ConcurrentEditError, conflict_message, version_bump

from . import thresholds
from .access import get_business_for, get_product_for
from .models import Business, Product, ProductionReport, ProductPhoto
from .product_forms import (
    MAX_PHOTOS,
    CertificationFormSet,
    MarketAreaFormSet,
    PhotoCaptionFormSet,
    PhotoUploadForm,
    ProductForm,
    ProductionReportFormSet,
    RawMaterialFormSet,
)
from .services import business_record_owner_edit
from .templatetags.rupiah import format_number

EDITABLE_REPORT_STATUSES = (ProductionReport.Status.DRAFT, ProductionReport.Status.RETURNED)
LOCKED_REPORT_STATUSES = (ProductionReport.Status.SUBMITTED, ProductionReport.Status.VERIFIED)


def _saved(request, business, message=None):
    """After any successful owner save: status back to Dinas if it was verified, and say so."""
    was_verified = business.verification_status == Business.Verification.VERIFIED
    business_record_owner_edit(business=business)
    messages.success(request, message or _("Tersimpan."))
    if was_verified:
        messages.info(
            request,
            _(
                "Perubahan dikirim ke Dinas untuk diverifikasi ulang. Masyarakat tetap melihat data "
                "terverifikasi terakhir sampai Dinas memverifikasi lagi."
            ),
        )


def _quantity(value):
    """40 -> "40", 2.5 -> "2,5", 1500 -> "1.500"; "" for None."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return format_number(value, 0)
    return format_number(value, 2).rstrip("0")


def _row_errors(formset):
    """Whether some row of a bound formset has an error (the formset-wide ones are shown apart)."""
    return formset.is_bound and any(form.errors for form in formset.forms)


def _posted_id(request, name):
    try:
        return int(request.POST[name])
    except (KeyError, ValueError):
        raise Http404 from None


def _here(request):
    return redirect(request.path)


def _checklist_links(business, product, checklist):
    """Where the owner fills in each e-katalog item, for the list of what is missing."""
    urls = {
        "identity": reverse("owner:identity", kwargs={"pk": business.pk}),
        "products": reverse("owner:product_edit", kwargs={"pk": business.pk, "product_pk": product.pk}),
        "certifications": reverse("owner:product_certifications", kwargs={"pk": business.pk, "product_pk": product.pk}),
        "photo": reverse("owner:product_photos", kwargs={"pk": business.pk, "product_pk": product.pk}),
    }
    return [(check, urls.get(check.key) or urls.get(check.section)) for check in checklist.checks]


@login_required
def product_list(request, pk):
    business = get_business_for(request.user, pk)
    # Ownership first, so that another owner's id answers 404 whatever the method.
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    # The related manager hands each product its business, so the checklist reads no more.
    products = business.products.select_related("kbli").prefetch_related("photos", "certifications", "market_areas")
    rows = []
    for product in products.order_by("name", "pk"):
        certifications = list(product.certifications.all())
        rows.append(
            {
                "product": product,
                "photo": next(iter(product.photos.all()), None),
                "checklist": product.ekatalog_checklist(),
                "certification_count": len(certifications),
                "expired_count": sum(c.is_expired for c in certifications),
                "market_count": len(product.market_areas.all()),
                "capacity": _quantity(product.production_capacity_per_month),
                "installed": _quantity(product.installed_capacity_per_month),
            }
        )
    return render(request, "registry/product_list.html", {"business": business, "rows": rows})


def _product_form_page(request, business, product):
    creating = product.pk is None
    # Read before the form is bound: validation writes what was typed onto the instance.
    checklist = None if creating else product.ekatalog_checklist()
    data = request.POST if request.method == "POST" else None
    form = ProductForm(data, instance=product)
    materials = RawMaterialFormSet(data, instance=product, prefix="bahan")
    if data is not None and all([form.is_valid(), materials.is_valid()]):
        try:
            with transaction.atomic():
                product = form.save()
                materials.instance = product
                materials.save()
                _saved(request, business)
        except ConcurrentEditError:
            # Someone saved between the form's version check and this UPDATE.
            form.add_error(None, conflict_message(product, staff=False))
        else:
            return redirect("owner:product_edit", pk=business.pk, product_pk=product.pk)
    return render(
        request,
        "registry/product_form.html",
        {
            "business": business,
            "product": None if creating else product,
            "form": form,
            "materials": materials,
            "row_errors": _row_errors(materials),
            "checklist": checklist,
            "checklist_links": checklist and _checklist_links(business, product, checklist),
            "tab": "data",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request, pk):
    business = get_business_for(request.user, pk)
    return _product_form_page(request, business, Product(business=business))


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    return _product_form_page(request, product.business, product)


@login_required
@require_http_methods(["GET", "POST"])
def product_delete(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    business = product.business
    # Reports already with Dinas are part of the record; the owner cannot erase them.
    locked = product.production_reports.filter(status__in=LOCKED_REPORT_STATUSES).exists()
    if request.method == "POST" and not locked:
        name = product.name
        # The photo files go after the commit (ProductPhoto's delete signal).
        with transaction.atomic():
            product.delete()
            business_record_owner_edit(business=business)
        messages.success(request, _("Produk %(name)s dihapus.") % {"name": name})
        return redirect("owner:product_list", pk=business.pk)
    return render(
        request,
        "registry/product_confirm_delete.html",
        {"business": business, "product": product, "locked": locked, "tab": "delete"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_photos(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    business = product.business
    photos = list(product.photos.all())
    upload_form = PhotoUploadForm(prefix="foto", photo_count=len(photos))
    captions = PhotoCaptionFormSet(instance=product, prefix="keterangan", queryset=product.photos.all())

    if request.method == "POST":
        if "upload" in request.POST:
            upload_form = PhotoUploadForm(
                request.POST,
                request.FILES,
                prefix="foto",
                photo_count=len(photos),
                instance=ProductPhoto(product=product),
            )
            if upload_form.is_valid():
                with transaction.atomic():
                    # A new photo overwrites nothing: no check, but other open tabs become stale.
                    version_bump(product)
                    photo = upload_form.save(commit=False)
                    photo.position = (product.photos.aggregate(last=Max("position"))["last"] or 0) + 1
                    photo.save()
                    _saved(request, business, _("Foto tersimpan."))
                return _here(request)
        elif "delete_photo" in request.POST:
            photo = get_object_or_404(product.photos, pk=_posted_id(request, "delete_photo"))
            try:
                with transaction.atomic():
                    version_bump(product, request.POST)
                    photo.delete()
                    _saved(request, business, _("Foto dihapus."))
            except ConcurrentEditError:
                messages.error(request, conflict_message(product, staff=False))
            return _here(request)
        elif "make_main" in request.POST:
            main = get_object_or_404(product.photos, pk=_posted_id(request, "make_main"))
            ordered = [main, *(photo for photo in photos if photo.pk != main.pk)]
            try:
                with transaction.atomic():
                    version_bump(product, request.POST)
                    for position, photo in enumerate(ordered):
                        if photo.position != position:
                            photo.position = position
                            photo.save(update_fields=["position", "updated_at"])
                    _saved(request, business, _("Foto utama diganti."))
            except ConcurrentEditError:
                messages.error(request, conflict_message(product, staff=False))
            return _here(request)
        else:
            captions = PhotoCaptionFormSet(
                request.POST, instance=product, prefix="keterangan", queryset=product.photos.all()
            )
            if captions.is_valid():
                try:
                    with transaction.atomic():
                        version_bump(product, request.POST)
                        captions.save()
                        _saved(request, business)
                except ConcurrentEditError:
                    captions._non_form_errors.append(conflict_message(product, staff=False))
                else:
                    return _here(request)

    return render(
        request,
        "registry/product_photos.html",
        {
            "business": business,
            "product": product,
            "upload_form": upload_form,
            "captions": captions,
            "can_upload": len(photos) < MAX_PHOTOS,
            "max_photos": MAX_PHOTOS,
            "tab": "photos",
        },
    )


def _formset_page(request, product, formset_class, template, tab, prefix, summary=None):
    """A page that edits one kind of row of a product as a formset of stacked cards;
    `summary(formset)` adds what the page shows above the cards."""
    business = product.business
    data = request.POST if request.method == "POST" else None
    formset = formset_class(data, instance=product, prefix=prefix)
    if data is not None and formset.is_valid():
        try:
            with transaction.atomic():
                version_bump(product, data)  # a stale second tab is refused, nothing saved
                formset.save()
                _saved(request, business)
        except ConcurrentEditError:
            formset._non_form_errors.append(conflict_message(product, staff=False))
        else:
            return _here(request)
    context = {
        "business": business,
        "product": product,
        "formset": formset,
        "row_errors": _row_errors(formset),
        "tab": tab,
    }
    if summary:
        context.update(summary(formset))
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def product_certifications(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    return _formset_page(
        request,
        product,
        CertificationFormSet,
        "registry/product_certifications.html",
        "certifications",
        "sertifikat",
        summary=_certification_summary,
    )


def _certification_summary(formset):
    states = [form.expiry_state for form in formset.initial_forms]
    return {
        "expiry_warning_days": thresholds.CERTIFICATE_EXPIRING_SOON_DAYS,
        "expired_count": states.count("expired"),
        "expiring_count": states.count("expiring"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def product_markets(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    return _formset_page(
        request,
        product,
        MarketAreaFormSet,
        "registry/product_markets.html",
        "markets",
        "pasar",
        summary=_market_summary,
    )


def _market_summary(formset):
    saved = sum(form.initial.get("share_percent") or 0 for form in formset.initial_forms)
    return {"saved_share": _quantity(saved) if saved else "0"}


@login_required
@require_http_methods(["GET", "POST"])
def product_reports(request, pk, product_pk):
    product = get_product_for(request.user, pk, product_pk)
    business = product.business
    reports = list(product.production_reports.all())
    locked = [report for report in reports if report.status in LOCKED_REPORT_STATUSES]
    for report in locked:
        report.quantity_display = _quantity(report.quantity)
    editable = product.production_reports.filter(status__in=EDITABLE_REPORT_STATUSES)
    data = request.POST if request.method == "POST" else None
    formset = ProductionReportFormSet(
        data, instance=product, prefix="laporan", queryset=editable, locked_reports=locked
    )

    if data is not None and formset.is_valid():
        # "Simpan dan kirim" on one report saves the whole page first, so nothing typed is lost.
        submit_id = _posted_id(request, "submit_report") if "submit_report" in data else None
        try:
            with transaction.atomic():
                version_bump(product, data)  # a stale second tab is refused, nothing saved
                formset.save()
                if submit_id is not None:
                    report = get_object_or_404(editable, pk=submit_id)
                    report.status = ProductionReport.Status.SUBMITTED
                    report.return_reason = ""
                    report.save(update_fields=["status", "return_reason", "updated_at"])
                _saved(
                    request,
                    business,
                    _("Tersimpan. Laporan %(period)s dikirim ke Dinas.")
                    % {"period": f"{report.get_semester_display()} {report.year}"}
                    if submit_id is not None
                    else None,
                )
        except ConcurrentEditError:
            formset._non_form_errors.append(conflict_message(product, staff=False))
        except IntegrityError:
            # Another tab saved the same period between our check and the save.
            formset._non_form_errors.append(_("Laporan untuk periode ini sudah ada. Muat ulang halaman."))
        else:
            return _here(request)

    return render(
        request,
        "registry/product_reports.html",
        {
            "business": business,
            "product": product,
            "formset": formset,
            "row_errors": _row_errors(formset),
            "locked_reports": locked,
            "tab": "reports",
        },
    )
