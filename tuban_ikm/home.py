"""The home page and where each role starts after signing in: project level (with urls.py),
above every app, because they count the registry's businesses and regions and ask who runs an
association. tuban_ikm/views.py keeps the base pages every app may
use (health check, error pages, CSP reports)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from organizations.selectors import officer_roles
from registry import staff_views
from registry.access import owned_businesses
from registry.models import Business, Desa, Kecamatan


def home(request):
    """Landing page: what the registry is and where each kind of user goes."""
    context = {
        "business_count": Business.objects.active().count(),
        "kecamatan_count": Kecamatan.objects.count(),
        "desa_count": Desa.objects.count(),
    }
    return render(request, "home.html", context)


def landing_url_name(user):
    """Where a signed-in user starts: the first page of their work, by role.

    Staff: the review queue when they may verify (Staf Dinas), else the dashboard when they
    may read the registry (Pimpinan), else the admin. Officers: their members. Owners:
    their businesses. Buyers without a business: the demand board. Anyone else: "Usaha
    saya", where a new owner registers their first business. Officials never land there.
    """
    if user.is_staff:
        if user.has_perm("registry.change_business"):
            return "dinas:queue"
        if user.has_perm("registry.view_business"):
            return "dashboard:index"
        return "admin:index"
    if officer_roles(user).exists():
        return "organizations:member_list"
    if owned_businesses(user).exists():
        return "owner:business_list"
    if user.has_perm("catalogue.add_demand"):
        return "demand:list"
    return "owner:business_list"


@login_required
@require_GET
def start(request):
    """LOGIN_REDIRECT_URL (also after the second factor): send the user to their first page."""
    return redirect(landing_url_name(request.user))


@login_required
@require_GET
def association_root(request):
    """/asosiasi/: an officer's members; anyone else may not open the officers' pages."""
    if not officer_roles(request.user).exists():
        raise PermissionDenied
    return redirect("organizations:member_list")


def dinas_root(request):
    """/dinas/: the review queue for those who verify; Pimpinan, who may only read, get the
    dashboard instead of a refusal; anyone else gets the queue's own answer (log in, 403)."""
    user = request.user
    if user.is_authenticated and user.is_staff and not user.has_perm(staff_views.STAFF_PERMISSION):
        if user.has_perm("registry.view_business"):
            return redirect("dashboard:index")
    return staff_views.queue(request)
