"""Owner area (/usaha/): an owner keeps the profiles of their own businesses.

Every view takes the business through `access.get_business_for`, so another owner's id
answers 404 for reading and writing alike. Each section saves on its own, at any time, and
every successful save goes through `services.business_record_owner_edit` so that a verified
profile returns to Dinas while the public keeps the last verified data.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Notification
from tuban_ikm.locking import ConcurrentEditError, conflict_message, version_bump

from . import hooks, selectors, services
from .access import get_business_for, owned_businesses
from .forms import (
    AssistanceFormSet,
    BusinessCreateForm,
    IdentityForm,
    LocationForm,
    NeedsForm,
    PublicationForm,
    WorkersForm,
    desa_label,
    rechoose_kecamatan,
)
from .models import Business, Desa

NOTIFICATIONS_SHOWN = 3
PROFILE_PREFETCH = (
    "products__photos",
    "products__market_areas",
    "products__production_reports",
    "products__certifications",
    "products__kbli",
)


def desa_options():
    """All desa of Tuban grouped by kecamatan code, by name, for the live filter (one query, 328 rows)."""
    options = {}
    for code, name, kecamatan, kind in Desa.objects.order_by("name", "code").values_list(
        "code", "name", "kecamatan", "kind"
    ):
        options.setdefault(kecamatan, []).append([code, desa_label(name, kind)])
    return options


def _saved(request, business):
    """After any successful owner save: status back to Dinas if it was verified, and say so."""
    was_verified = business.verification_status == Business.Verification.VERIFIED
    services.business_record_owner_edit(business=business)
    messages.success(request, _("Tersimpan."))
    if was_verified:
        messages.info(
            request,
            _(
                "Perubahan dikirim ke Dinas untuk diverifikasi ulang. Masyarakat tetap melihat data "
                "terverifikasi terakhir sampai Dinas memverifikasi lagi."
            ),
        )


def _render_section(request, business, template, **context):
    return render(request, template, {"business": business, **context})


def size_classes(business):
    """The computed classes as (what, label) rows; None where an input is still missing."""
    industry = business.industry_class
    return {
        "industry": Business.IndustryClass(industry).label if industry else None,
        "is_besar": industry == Business.IndustryClass.BESAR,
        "by_capital": Business.UmkmClass(business.umkm_class_by_capital).label
        if business.umkm_class_by_capital
        else None,
        "by_sales": Business.UmkmClass(business.umkm_class_by_sales).label if business.umkm_class_by_sales else None,
    }


# --- List and create ---------------------------------------------------------------------


@login_required
def business_list(request):
    businesses = list(owned_businesses(request.user).with_profile_relations())
    rows = [(business, business.completeness()) for business in businesses]
    # The newest unread notices, first thing on the owner's page; they stay unread until
    # opened (through the inbox, which marks them read) or marked read in the inbox.
    notifications = list(Notification.objects.filter(recipient=request.user).unread()[:NOTIFICATIONS_SHOWN])
    return render(request, "registry/business_list.html", {"rows": rows, "notifications": notifications})


@login_required
def business_create(request):
    candidates = []
    if request.method == "POST" and "pilih_kecamatan" in request.POST:
        form = rechoose_kecamatan(BusinessCreateForm, request.POST)
    elif request.method == "POST":
        form = BusinessCreateForm(request.POST)
        valid = form.is_valid()
        data = form.cleaned_data
        if data.get("name") or form.data.get("nib") or data.get("phone"):
            candidates = selectors.find_duplicate_candidates(
                nib=form.data.get("nib"),
                phone=form.data.get("phone"),
                name=data.get("name", ""),
                desa=data.get("desa"),
            )
        if valid and (not candidates or request.POST.get("confirm") == "1"):
            business = form.save(commit=False)
            business.owner = request.user
            business.verification_status = Business.Verification.DRAFT
            business.save()
            messages.success(
                request, _("Usaha %(name)s dibuat. Lengkapi profilnya kapan saja.") % {"name": business.name}
            )
            return redirect("owner:business_overview", pk=business.pk)
    else:
        form = BusinessCreateForm(initial={"owner_name": request.user.get_full_name()})
    return render(
        request,
        "registry/business_create.html",
        {"form": form, "candidates": candidates, "desa_options": desa_options()},
    )


# --- Overview and submission --------------------------------------------------------------


@login_required
def business_overview(request, pk):
    # As get_business_for (another owner's id answers 404), plus what rooms built on the
    # registry annotate (the latest association membership) in the same query.
    business = get_object_or_404(
        owned_businesses(request.user)
        .select_related("desa__kecamatan", "kbli")
        .annotate(**hooks.overview_annotations()),
        pk=pk,
    )
    prefetch_related_objects([business], *PROFILE_PREFETCH)
    completeness = business.completeness()
    products = []
    for product in business.products.all():
        checklist = product.ekatalog_checklist()
        missing = [
            (check.label, selectors.section_url(business, check.section, product)) for check in checklist.missing
        ]
        products.append({"product": product, "checklist": checklist, "missing": missing})
    context = {
        "business": business,
        "completeness": completeness,
        "missing": [(check.label, selectors.section_url(business, check.section)) for check in completeness.missing],
        "products": products,
        "fields_to_fix": selectors.fields_to_fix_items(business, completeness),
        "can_submit": business.verification_status in (Business.Verification.DRAFT, Business.Verification.RETURNED),
        "public_sees_previous": business.verification_status == Business.Verification.SUBMITTED
        and business.published_snapshot is not None,
    }
    return render(request, "registry/business_overview.html", context)


@login_required
def business_submit(request, pk):
    business = get_business_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.business_submit(business=business, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message, extra_tags="danger")
    else:
        messages.success(request, _("Profil dikirim untuk verifikasi."))
    return redirect("owner:business_overview", pk=business.pk)


# --- Sections ------------------------------------------------------------------------------


def _model_section(request, pk, form_class, template, region=False, extra=None):
    """GET shows the section; POST saves it when valid. The form works on a copy so that an
    invalid value typed by the owner never shows up in the page header."""
    business = get_business_for(request.user, pk)
    instance = copy.copy(business)
    if request.method == "POST" and region and "pilih_kecamatan" in request.POST:
        form = rechoose_kecamatan(form_class, request.POST, instance=instance)
    elif request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = form.save()
                    _saved(request, saved)
            except ConcurrentEditError:
                # Someone saved between the form's version check and this UPDATE.
                form.add_error(None, conflict_message(business, staff=False))
            else:
                return redirect(request.path)
    else:
        form = form_class(instance=instance)
    context = {"form": form}
    if region:
        context["desa_options"] = desa_options()
    if extra:
        context.update(extra(business))
    return _render_section(request, business, template, **context)


@login_required
def identity_edit(request, pk):
    return _model_section(request, pk, IdentityForm, "registry/business_identity.html")


@login_required
def location_edit(request, pk):
    return _model_section(request, pk, LocationForm, "registry/business_location.html", region=True)


@login_required
def workers_edit(request, pk):
    # After a save the page is loaded again, so the classes shown are the database's.
    return _model_section(
        request,
        pk,
        WorkersForm,
        "registry/business_workers.html",
        extra=lambda business: {"classes": size_classes(business)},
    )


@login_required
def publication_edit(request, pk):
    return _model_section(request, pk, PublicationForm, "registry/business_publication.html")


@login_required
def needs_edit(request, pk):
    business = get_business_for(request.user, pk)
    if request.method == "POST":
        form = NeedsForm(request.POST, business=business)
        if form.is_valid():
            with transaction.atomic():
                form.save()
                _saved(request, business)
            return redirect(request.path)
    else:
        form = NeedsForm(business=business)
    return _render_section(request, business, "registry/business_needs.html", form=form)


@login_required
def assistance_edit(request, pk):
    business = get_business_for(request.user, pk)
    if request.method == "POST":
        formset = AssistanceFormSet(request.POST, instance=business)
        if formset.is_valid():
            try:
                with transaction.atomic():
                    version_bump(business, request.POST)  # a stale second tab is refused
                    formset.save()
                    _saved(request, business)
            except ConcurrentEditError:
                formset._non_form_errors.append(conflict_message(business, staff=False))
            else:
                return redirect(request.path)
    else:
        formset = AssistanceFormSet(instance=business)
    return _render_section(request, business, "registry/business_assistance.html", formset=formset)
