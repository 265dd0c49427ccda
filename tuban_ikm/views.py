from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
