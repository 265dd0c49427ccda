"""The home page: project level (with urls.py), above every app, because it counts the
registry's businesses and regions. tuban_ikm/views.py keeps the base pages every app may
use (health check, error pages, CSP reports)."""

from django.shortcuts import render

from registry.models import Business, Desa, Kecamatan


def home(request):
    """Landing page: what the registry is and where each kind of user goes."""
    context = {
        "business_count": Business.objects.active().count(),
        "kecamatan_count": Kecamatan.objects.count(),
        "desa_count": Desa.objects.count(),
    }
    return render(request, "home.html", context)
