import json
import logging
import sys

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


@require_GET
def contact(request):
    """How to reach Dinas (set in the admin, "Kontak Dinas"); the footer's context processor
    has already read it, so this page adds no query of its own."""
    return render(request, "contact.html")
