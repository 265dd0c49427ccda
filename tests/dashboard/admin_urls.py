"""A throwaway admin site to test the export mixin without touching the project's admin."""

from django.contrib import admin
from django.urls import include, path

from dashboard.admin_exports import ExportFilteredMixin
from registry.models import Business

site = admin.AdminSite(name="exporttest")


class BusinessExportAdmin(ExportFilteredMixin, admin.ModelAdmin):
    list_display = ("name", "status")
    list_filter = ("status", "desa__kecamatan")
    search_fields = ("name",)


site.register(Business, BusinessExportAdmin)

urlpatterns = [path("admin/", site.urls), path("dinas/", include("registry.staff_urls"))]
