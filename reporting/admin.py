from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import PeriodRawMaterial, PeriodReport, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ("label", "opens_on", "deadline", "status")
    list_filter = ("status", "year")
    readonly_fields = ("opened_by", "closed_at")
    show_full_result_count = False


class PeriodRawMaterialInline(admin.TabularInline):
    model = PeriodRawMaterial
    extra = 0


@admin.register(PeriodReport)
class PeriodReportAdmin(SimpleHistoryAdmin):
    list_display = ("business", "period", "status", "submitted_at", "verified_at")
    list_filter = ("period", "status")
    list_select_related = ("business", "period")
    search_fields = ("business__name", "business__nib")
    raw_id_fields = ("business",)
    readonly_fields = ("submitted_at", "submitted_by", "verified_at", "verified_by", "confirmed_unchanged")
    inlines = [PeriodRawMaterialInline]
    show_full_result_count = False
