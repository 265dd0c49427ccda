from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "tuban_ikm.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
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
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
