import json
import logging
import sys

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token
from django.views.decorators.http import require_GET, require_POST

from organizations.selectors import officer_roles
from registry import staff_views
from registry.access import owned_businesses
from registry.models import Business, Desa, Kecamatan

# What a database that is down, restarting or unreachable raises (connect refused, timeout,
# connection lost mid-request). A statement timeout is an OperationalError too.
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


@require_GET
@never_cache
def healthz(request):
    """Liveness for the load balancer: 200 when the database answers, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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


def favicon(request):
    # Browsers ask for /favicon.ico even where a page names another icon (the admin).
    return redirect(static("favicon.svg"), permanent=True)


def database_unavailable(request=None, *, retry_after=RETRY_AFTER_SECONDS):
    """The Indonesian 503 page, rendered without the database or the request context."""
    response = HttpResponse(
        loader.render_to_string("503.html", {"title": gettext("Layanan sedang terganggu")}), status=503
    )
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: the Indonesian error page without the database or the request context
    (no user, no session: those may be what failed). A database outage gets the 503 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable(request)
    return HttpResponseServerError(loader.render_to_string(template_name, {"title": gettext("Terjadi kesalahan")}))


# A report is a few hundred bytes; anything much larger is not a browser's report.
CSP_REPORT_MAX_BYTES = 16 * 1024
csp_logger = logging.getLogger("tuban_ikm.csp")


@csrf_exempt
@require_POST
def csp_report(request):
    """Browsers post Content-Security-Policy violations here (report-uri): log them, answer 204.

    Anyone can post, so the body is only logged (bounded), never stored or trusted.
    """
    body = request.body
    if len(body) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=204)
    try:
        report = json.loads(body or b"{}").get("csp-report", {})
    except (ValueError, AttributeError):
        report = {}
    if isinstance(report, dict) and report:
        csp_logger.warning(
            "CSP violation: %s blocked %s on %s",
            str(report.get("violated-directive") or report.get("effective-directive", ""))[:100],
            str(report.get("blocked-uri", ""))[:300],
            str(report.get("document-uri", ""))[:300],
        )
    return HttpResponse(status=204)
