from django.contrib import admin
from django.urls import include, path

from catalogue.media_views import product_photo
from organizations import dinas_urls as organizations_dinas_urls
from registry import staff_urls as registry_staff_urls

from . import home, views

handler500 = "tuban_ikm.views.server_error"

urlpatterns = [
    path("", home.home, name="home"),
    path("mulai/", home.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("kontak/", views.contact, name="contact"),
    path("favicon.ico", views.favicon),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("usaha/", include("registry.urls")),
    # Before the include: the same address as dinas:queue, which it serves for Staf Dinas.
    path("dinas/", home.dinas_root, name="dinas_root"),
    # Dinas's pages: the registry's review pages and the association's import with Dinas's scope.
    path("dinas/", include((registry_staff_urls.urlpatterns + organizations_dinas_urls.urlpatterns, "dinas"))),
    path("katalog/", include("catalogue.urls")),
    path("desa/", include("catalogue.urls_desa")),
    path("permintaan/", include("catalogue.urls_demand")),
    path("dasbor/", include("dashboard.urls")),
    path("bantuan/", include("aid.urls")),
    path("asosiasi/", home.association_root, name="association_root"),
    path("asosiasi/", include("organizations.urls")),
    path("pelaporan/", include("reporting.urls")),
    path("pesan/", include("messaging.urls")),
    # Only the product photo folder of MEDIA_ROOT is served, with or without DEBUG; aid
    # files are in the private storage and go out through aid:file.
    path("media/produk/<path:path>", product_photo, name="product_photo"),
]
