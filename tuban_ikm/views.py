import json
import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from registry.models import Business, Desa, Kecamatan


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


def favicon(request):
    # Browsers ask for /favicon.ico even where a page names another icon (the admin).
    return redirect(static("favicon.svg"), permanent=True)


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
