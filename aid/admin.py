"""Admin for the aid app: Indonesian labels come from the models' verbose names."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import services
from .access import can_open_aid_files
from .models import (
    Announcement,
    AnnouncementPreference,
    Application,
    ApplicationDocument,
    Attendance,
    Delivery,
    Handover,
    MonitoringVisit,
    Programme,
    TrainingEvent,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "agency", "year", "quota", "opens_on", "closes_on"]
    list_filter = ["kind", "year"]
    search_fields = ["name", "agency", "item"]
    filter_horizontal = ["kecamatan"]
    readonly_fields = ["created_by"]


class PrivateFileWidget(AdminFileWidget):
    """The admin's file input without the "currently: <link>" part for staff who may not open
    the file; for the others the link is the file's `.url`, the permission-checked view."""

    def __init__(self, *args, show_link=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_link = show_link

    def is_initial(self, value):
        return self.show_link and super().is_initial(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            # The link text is the uploader's file name, not the random stored one.
            label_field = value.instance.original_names.get(value.field.name, "")
            label = getattr(value.instance, label_field, "") if label_field else ""
            context["widget"]["value"] = StoredFileLink(value.url, label or _("berkas tersimpan"))
        return context


class StoredFileLink:
    def __init__(self, url, label):
        self.url, self.label = url, label

    def __str__(self):
        return str(self.label)


class PrivateFilesAdminMixin:
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["widget"] = PrivateFileWidget(show_link=can_open_aid_files(request.user))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ApplicationDocumentInline(PrivateFilesAdminMixin, admin.TabularInline):
    model = ApplicationDocument
    extra = 0


class MonitoringVisitInline(PrivateFilesAdminMixin, admin.TabularInline):
    model = MonitoringVisit
    extra = 0
    readonly_fields = ["recorded_by"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["business", "programme", "status", "created_at", "decided_at"]
    list_filter = ["status", "programme__kind", "programme__year"]
    search_fields = ["business__name", "programme__name"]
    list_select_related = ["business", "programme"]
    autocomplete_fields = ["business"]
    raw_id_fields = ["assistance", "applicant", "decided_by"]
    readonly_fields = ["snapshot"]
    inlines = [ApplicationDocumentInline, MonitoringVisitInline]


@admin.register(Handover)
class HandoverAdmin(PrivateFilesAdminMixin, admin.ModelAdmin):
    list_display = ["application", "date", "item", "serial_number", "amount"]
    list_select_related = ["application__business", "application__programme"]
    date_hierarchy = "date"
    raw_id_fields = ["application"]
    readonly_fields = ["recorded_by"]


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(PrivateFilesAdminMixin, admin.ModelAdmin):
    list_display = ["application", "date", "in_use"]
    list_filter = ["in_use"]
    list_select_related = ["application__business", "application__programme"]
    raw_id_fields = ["application"]
    readonly_fields = ["recorded_by"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["application"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "date", "place", "capacity"]
    list_select_related = ["programme"]
    inlines = [AttendanceInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["user", "email", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "segment", "association", "sender", "recipient_count", "created_at"]
    list_filter = ["kind", "segment"]
    search_fields = ["title", "body"]
    list_select_related = ["association", "sender"]
    readonly_fields = ["sender", "recipient_count"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox: failures (with the last error) are here for staff to see and retry."""

    list_display = ["announcement", "user", "email", "status", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["email", "announcement__title"]
    list_select_related = ["announcement", "user"]
    readonly_fields = ["announcement", "user", "attempts", "last_error", "sent_at", "read_at"]
    actions = ["retry"]

    @admin.action(description=_("Kirim ulang pengiriman yang gagal"))
    def retry(self, request, queryset):
        count = services.delivery_retry(deliveries=queryset)
        self.message_user(request, _("%(n)s pengiriman masuk antrean lagi.") % {"n": count})


@admin.register(AnnouncementPreference)
class AnnouncementPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kinds", "by_email"]
    raw_id_fields = ["user"]
