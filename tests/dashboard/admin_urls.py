"""A throwaway admin site to test the export mixin without touching the project's admin."""

from django.contrib import admin
from django.urls import include, path

from organizations import dinas_urls
from registry import staff_urls
from registry.models import Business
from tuban_ikm.admin_exports import ExportFilteredMixin

site = admin.AdminSite(name="exporttest")


class BusinessExportAdmin(ExportFilteredMixin, admin.ModelAdmin):
    list_display = ("name", "status")
    list_filter = ("status", "desa__kecamatan")
    search_fields = ("name",)


site.register(Business, BusinessExportAdmin)

urlpatterns = [
    path("admin/", site.urls),
    path("dinas/", include((staff_urls.urlpatterns + dinas_urls.urlpatterns, "dinas"))),
]
