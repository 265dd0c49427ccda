from django.contrib import admin

from registry.admin import HistoryAdmin, TabularInline
from tuban_ikm.personal_admin import PersonalDataAdminMixin

from .models import PeriodRawMaterial, PeriodReport, ReportingPeriod, ReportReminder


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    list_display = ("label", "opens_on", "deadline", "status")
    list_filter = ("status", "year")
    readonly_fields = ("opened_by", "closed_at")
    show_full_result_count = False


class PeriodRawMaterialInline(TabularInline):
    model = PeriodRawMaterial
    extra = 0


@admin.register(PeriodReport)
class PeriodReportAdmin(HistoryAdmin):
    list_display = ("business", "period", "status", "submitted_at", "verified_at")
    list_filter = ("period", "status")
    list_select_related = ("business", "period")
    search_fields = ("business__name", "business__nib")
    raw_id_fields = ("business",)
    readonly_fields = ("submitted_at", "submitted_by", "verified_at", "verified_by", "confirmed_unchanged")
    inlines = [PeriodRawMaterialInline]
    show_full_result_count = False


@admin.register(ReportReminder)
class ReportReminderAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """A log: rows are written by send_report_reminders, never by hand."""

    list_display = ("sent_on", "report", "email")
    list_filter = ("sent_on", "report__period")
    search_fields = ("report__business__name", "email")
    date_hierarchy = "sent_on"
    readonly_fields = ("report", "sent_on", "email")
    exclude = ("batch",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("report__business", "report__period")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
