from django.contrib import admin
from django.urls import include, path

from registry.media_views import product_photo

from . import views

handler500 = "tuban_ikm.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("kontak/", views.contact, name="contact"),
    path("favicon.ico", views.favicon),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("usaha/", include("registry.urls")),
    path("dinas/", include("registry.staff_urls")),
    path("katalog/", include("catalogue.urls")),
    path("desa/", include("catalogue.urls_desa")),
    path("permintaan/", include("catalogue.urls_demand")),
    path("dasbor/", include("dashboard.urls")),
    path("bantuan/", include("aid.urls")),
    path("asosiasi/", include("organizations.urls")),
    path("pelaporan/", include("reporting.urls")),
    path("pesan/", include("messaging.urls")),
    # Only the product photo folder of MEDIA_ROOT is served, with or without DEBUG; aid
    # files are in the private storage and go out through aid:file.
    path("media/produk/<path:path>", product_photo, name="product_photo"),
]
