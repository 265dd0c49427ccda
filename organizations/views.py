"""Officers' side (/asosiasi/) and the owner's join and leave.

One helper family for access: a user without a running officer role gets 403 on officer
pages; a membership outside the officer's associations answers 404, as does another
owner's business on the join page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import get_business_for
from registry.models import Business

from . import selectors, services
from .forms import JoinForm, MemberFilterForm
from .models import Membership


def require_officer(user):
    if not selectors.officer_roles(user).exists():
        raise PermissionDenied(_("Halaman ini hanya untuk pengurus asosiasi."))


def get_membership_for_officer(user, pk):
    require_officer(user)
    return get_object_or_404(selectors.memberships_visible_to(user).select_related("association", "business"), pk=pk)


@login_required
def member_list(request):
    require_officer(request.user)
    associations = selectors.associations_run_by(request.user)
    form = MemberFilterForm(request.GET or None, associations=associations)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.member_list(
        request.user,
        status=filters.get("status") or "",
        unit=filters["unit"].pk if filters.get("unit") else None,
        kecamatan=filters["kecamatan"].pk if filters.get("kecamatan") else "",
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    members = list(page)
    # Completeness reads products and their relations: load them for the page at once.
    businesses = Business.objects.with_profile_relations().in_bulk([m.business_id for m in members])
    rows = [(membership, businesses[membership.business_id].completeness().score) for membership in members]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organizations/membership_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _officer_action(request, pk, action, success):
    membership = get_membership_for_officer(request.user, pk)
    try:
        action(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"name": membership.business.name})
    return redirect("organizations:member_list")


@login_required
@require_POST
def member_approve(request, pk):
    return _officer_action(request, pk, services.membership_activate, _("%(name)s kini anggota aktif."))


@login_required
@require_POST
def member_reject(request, pk):
    return _officer_action(request, pk, services.membership_reject, _("Pengajuan %(name)s ditolak."))


@login_required
@require_POST
def member_deactivate(request, pk):
    return _officer_action(request, pk, services.membership_deactivate, _("%(name)s dinonaktifkan."))


@login_required
def join(request, business_pk):
    business = get_business_for(request.user, business_pk)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(business=business, association=form.cleaned_data["association"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Pengajuan keanggotaan terkirim. Pengurus asosiasi akan memeriksanya."))
            return redirect("organizations:join", business_pk=business.pk)
    memberships = business.memberships.select_related("association").order_by("-created_at")
    return render(
        request, "organizations/membership_join.html", {"business": business, "form": form, "memberships": memberships}
    )


@login_required
@require_POST
def leave(request, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("business", "association"), pk=pk, business__owner=request.user
    )
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Anda telah keluar dari %(name)s.") % {"name": membership.association})
    return redirect("organizations:join", business_pk=membership.business_id)
