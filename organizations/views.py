"""Officers' side (/asosiasi/) and the owner's join and leave.

One helper family for access: a user without a running officer role gets 403 on officer
pages (Dinas staff too: they work in the admin); a membership outside the officer's
associations answers 404, as does another owner's business on the join page. An officer
deciding on the membership of their own business gets 403.

What an officer sees of a member
--------------------------------
Officers gather data from their members, so for their own members they see the business
profile including the owner's contact details (owner name, phone, email, address): that
is the purpose the association holds them for, and the member page is the only place
they are shown (lists show none). Products are shown as the public catalogue shows them,
and the verification status as a label (a returned profile is a member who needs help).

Dinas-only, never on an officer's page (the publication page promises owners that these
are used by Dinas only): NPWP; workers, investment, yearly sales, land and building value
and the size classes derived from them; Dinas's verification note and the sections it
returned for correction (the reasons behind the label), who verified and when, the published snapshot; the map point and
the owner's gender; needs, assistance records and aid applications; data-quality and
duplicate flags; the review history (earlier values). Officers see only *whether* the
figures are filled in, through the completeness checklist. The member page reads a fixed
list of fields (`MEMBER_FIELDS`), never the whole model, so a field added later stays
hidden until someone decides an association may see it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import invitations_email
from registry.access import get_business_for
from registry.models import Business
from tuban_ikm.access_log import log_view
from tuban_ikm.site import absolute_url, whatsapp_chat_url
from tuban_ikm.templatetags.ui import width_class

from . import selectors, services
from .context_processors import remember_officer
from .forms import JoinForm, MemberFilterForm
from .models import Association, Membership

MEMBERS_PER_PAGE = 50
APPLICATIONS_SHOWN = 10
REASON_MAX_LENGTH = 500
# What an officer may see of their own member's business, in the order shown.
MEMBER_FIELDS = (
    "name",
    "brand",
    "legal_form",
    "nib",
    "kbli",
    "year_started",
    "status",
    "owner_name",
    "phone",
    "email",
    "address",
    "desa",
)
# The owner's contact: shown to officers only while the business is an active member or an
# applicant (Membership.shows_contact), never for former or inactive members.
CONTACT_FIELDS = ("owner_name", "phone", "email", "address")
# What completeness and the product list read (as Business.objects.with_profile_relations()).
PROFILE_PREFETCH = (
    "products__photos",
    "products__market_areas",
    "products__production_reports",
    "products__certifications",
    "products__kbli",
)


def officer_roles_or_403(request):
    """The running officer roles of the user, loaded once; 403 without any."""
    roles = list(selectors.officer_roles(request.user))
    remember_officer(request, bool(roles))
    if not roles:
        raise PermissionDenied(_("Halaman ini hanya untuk pengurus asosiasi."))
    return roles


def require_officer(user):
    """403 unless `user` has a running officer role (import_views uses it too)."""
    if not selectors.officer_roles(user).exists():
        raise PermissionDenied(_("Halaman ini hanya untuk pengurus asosiasi."))


def get_membership_for_officer(request, pk):
    """The membership `pk` if the user runs its association or unit: 403 for non-officers,
    404 for anything else (another unit's or another association's member)."""
    roles = officer_roles_or_403(request)
    queryset = Membership.objects.visible_to(request.user, roles).select_related(
        "association__parent", "business__desa__kecamatan", "business__kbli"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
def member_list(request):
    roles = officer_roles_or_403(request)
    associations = Association.objects.visible_to(request.user, roles)
    form = MemberFilterForm(request.GET or None, associations=associations)
    filters = form.filters()
    queryset = selectors.member_list(request.user, roles=roles, **filters)
    # Cut the page on the ids alone, one status at a time (selectors.StatusOrderedIds), then
    # read the page's 50 rows.
    page = Paginator(selectors.StatusOrderedIds(queryset), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    ids = list(page)
    found = {row["pk"]: row for row in queryset.filter(pk__in=ids).order_by().values(*MEMBER_ROW_FIELDS)}
    rows = [_member_row(found[pk]) for pk in ids if pk in found]

    # Applications wait above the list, whatever status is chosen below, under the same
    # unit, kecamatan, completeness and search filters.
    pending_filters = {key: value for key, value in filters.items() if key != "status"}
    pending = selectors.pending_applications(request.user, roles=roles, **pending_filters)
    applications = list(pending.values(*MEMBER_ROW_FIELDS, "created_at")[: APPLICATIONS_SHOWN + 1])
    pending_more = len(applications) > APPLICATIONS_SHOWN
    applications = [_member_row(values) for values in applications[:APPLICATIONS_SHOWN]]

    query = request.GET.copy()
    query.pop("page", None)
    pending_query = query.copy()
    pending_query["status"] = Membership.Status.APPLIED
    return render(
        request,
        "organizations/membership_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "return_query": request.GET.urlencode(),
            "applications": applications,
            "pending_more": pending_more,
            "pending_query": pending_query.urlencode(),
            "filtered": any(filters.values()),
            "more_filters": any(value for key, value in filters.items() if key != "search"),
            "show_applications": filters["status"] not in (Membership.Status.APPLIED, "semua"),
        },
    )


# What a row of the member list shows: read as values, not as 250 model instances.
MEMBER_ROW_FIELDS = (
    "pk",
    "status",
    "member_number",
    "completeness_points",
    "association__name",
    "association__short_name",
    "business__name",
    "business__desa__name",
    "business__desa__kecamatan__name",
)


def _member_row(values):
    """One row of the member list as plain values, shown twice (a phone card and a table
    row): the template finds each in a dict at the first try instead of walking
    membership.business.desa.kecamatan per use; the URL is reversed once (with 50 rows, the
    lookups, URL reversals and bar choices were a third of the page's time). The row also
    stands in for the membership in the badge and action partials (pk, status,
    get_status_display)."""
    score = selectors.completeness_score(values["completeness_points"])
    return {
        "pk": values["pk"],
        "status": values["status"],
        "get_status_display": Membership.Status(values["status"]).label,
        "url": reverse("organizations:member_detail", args=[values["pk"]]),
        "name": values["business__name"],
        "member_number": values["member_number"],
        "association": values["association__name"],
        "unit": values["association__short_name"] or values["association__name"],
        "desa": values["business__desa__name"],
        "kecamatan": values["business__desa__kecamatan__name"],
        "created_at": values.get("created_at"),  # applications only
        "score": score,
        # The bar's colour and width classes (the CSP refuses inline widths: ui.width_class).
        "bar": " ".join(
            ("bg-success" if score == 100 else "bg-danger" if score < 50 else "bg-warning", width_class(score))
        ),
    }


def _member_context(request, membership):
    business = membership.business
    prefetch_related_objects([business], *PROFILE_PREFETCH)
    completeness = business.completeness()
    fields = []
    shows_contact = membership.shows_contact
    for name in MEMBER_FIELDS:
        if name in CONTACT_FIELDS and not shows_contact:
            continue
        field = Business._meta.get_field(name)
        value = getattr(business, name)
        display = getattr(business, f"get_{name}_display", None)
        fields.append({"name": name, "label": field.verbose_name, "value": display() if display else value})
    return {
        "membership": membership,
        "business": business,
        "fields": fields,
        "completeness": completeness,
        "completeness_score": completeness.score,
        "products": list(business.products.all()),
        "own_business": business.owner_id == request.user.pk,
        "can_invite": business.owner_id is None and membership.status != Membership.Status.LEFT,
        "shows_contact": shows_contact,
    }


@login_required
def member_detail(request, pk):
    membership = get_membership_for_officer(request, pk)
    context = _member_context(request, membership)
    log_view(request, membership, source="asosiasi", shown=context["shows_contact"])
    return render(request, "organizations/membership_detail.html", context)


@login_required
@require_POST
def member_invite(request, pk):
    """A claim link for a member business nobody has claimed yet, shown on this response
    only (it is not stored in the clear anywhere)."""
    membership = get_membership_for_officer(request, pk)
    try:
        token = services.membership_invite(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:member_detail", pk=membership.pk)
    context = _member_context(request, membership)
    url = absolute_url(reverse("accounts:claim", kwargs={"token": token}), request)
    context["invitation_url"] = url
    # The link goes only to the business's own contact on record: its email (sent here)
    # and its phone (the WhatsApp button is addressed to it). The officer sees the link to
    # pass it on but cannot claim with it (accounts.services.claimant_check).
    business = membership.business
    context["emailed"] = bool(invitations_email([(business, url)], sender_name=str(membership.association)))
    # A chat with the business's own phone, the message ready (tuban_ikm.site builds wa.me links).
    if membership.shows_contact and business.phone:
        message = _(
            "Undangan Registri IKM Tuban untuk %(name)s: buka %(url)s untuk masuk dan melengkapi data usaha Anda."
        ) % {"name": business.name, "url": url}
        context["whatsapp_url"] = whatsapp_chat_url(business.phone, message)
    return render(request, "organizations/membership_detail.html", context)


def _officer_action(request, pk, action, success):
    membership = get_membership_for_officer(request, pk)
    try:
        action(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"name": membership.business.name})
    # Back to the page the officer acted from (the list keeps its filters), never elsewhere.
    if request.POST.get("next") == "detail" and Membership.objects.filter(pk=membership.pk).exists():
        return redirect("organizations:member_detail", pk=membership.pk)
    list_url = reverse("organizations:member_list")
    # Re-encoded so that only a query string can come back, never another address.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    return redirect(f"{list_url}?{query}" if query else list_url)


@login_required
@require_POST
def member_approve(request, pk):
    return _officer_action(request, pk, services.membership_activate, _("%(name)s kini anggota aktif."))


@login_required
@require_POST
def member_reject(request, pk):
    reason = request.POST.get("reason", "")[:REASON_MAX_LENGTH]

    def reject(**kwargs):
        services.membership_reject(reason=reason, **kwargs)

    return _officer_action(request, pk, reject, _("Pengajuan %(name)s ditolak."))


@login_required
@require_POST
def member_deactivate(request, pk):
    return _officer_action(request, pk, services.membership_deactivate, _("%(name)s dinonaktifkan."))


@login_required
@require_POST
def member_reactivate(request, pk):
    return _officer_action(request, pk, services.membership_reactivate, _("%(name)s aktif kembali."))


# --- The owner's side ----------------------------------------------------------------------


@login_required
def join(request, business_pk):
    business = get_business_for(request.user, business_pk)
    associations = selectors.joinable_associations(business)
    can_apply = associations.exists()
    form = JoinForm(request.POST or None, associations=associations)
    if request.method == "POST":
        if not can_apply:
            messages.error(request, _("Usaha ini sudah mengajukan diri atau sudah menjadi anggota asosiasi ini."))
            return redirect("organizations:join", business_pk=business.pk)
        if form.is_valid():
            try:
                services.membership_apply(business=business, association=form.cleaned_data["association"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Pengajuan keanggotaan terkirim. Pengurus asosiasi akan memeriksanya."))
            return redirect("organizations:join", business_pk=business.pk)
    memberships = list(business.memberships.select_related("association__parent").order_by("-created_at", "-pk"))
    return render(
        request,
        "organizations/membership_join.html",
        {
            "business": business,
            "form": form,
            "memberships": memberships,
            "can_apply": can_apply,
            "has_open": any(m.status != Membership.Status.LEFT for m in memberships),
        },
    )


@login_required
@require_POST
def leave(request, pk):
    membership = get_object_or_404(
        Membership.objects.owned_by(request.user).select_related("business", "association"), pk=pk
    )
    was_application = membership.status == Membership.Status.APPLIED
    try:
        services.membership_leave(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if was_application:
            messages.success(request, _("Pengajuan ke %(name)s dibatalkan.") % {"name": membership.association})
        else:
            messages.success(request, _("Anda telah keluar dari %(name)s.") % {"name": membership.association})
    return redirect("organizations:join", business_pk=membership.business_id)
