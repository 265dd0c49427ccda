"""Admin for the aid app: Indonesian labels come from the models' verbose names."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuban_ikm import personal
from tuban_ikm.personal_admin import PersonalDataAdminMixin

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


class ModelAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """Applications, documents, receipts and the outbox hold personal data: see tuban_ikm/personal.py."""


class TabularInline(PersonalDataAdminMixin, admin.TabularInline):
    pass


@admin.register(Programme)
class ProgrammeAdmin(ModelAdmin):
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


class ApplicationDocumentInline(PrivateFilesAdminMixin, TabularInline):
    model = ApplicationDocument
    extra = 0


class MonitoringVisitInline(PrivateFilesAdminMixin, TabularInline):
    model = MonitoringVisit
    extra = 0
    readonly_fields = ["recorded_by"]


@admin.register(Application)
class ApplicationAdmin(ModelAdmin):
    list_display = ["business", "programme", "status", "created_at", "decided_at"]
    list_filter = ["status", "programme__kind", "programme__year"]
    search_fields = ["business__name", "programme__name"]
    list_select_related = ["business", "programme"]
    autocomplete_fields = ["business"]
    raw_id_fields = ["assistance", "applicant", "decided_by"]
    readonly_fields = ["snapshot"]
    inlines = [ApplicationDocumentInline, MonitoringVisitInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # Without the permission the snapshot is shown without the owner's data.
        return readonly if personal.may_see(request.user) else [*readonly, "snapshot_without_personal_data"]

    @admin.display(description=_("data usaha saat mendaftar (tanpa data pribadi)"))
    def snapshot_without_personal_data(self, obj):
        snapshot = obj.snapshot or {}
        return {key: value for key, value in snapshot.items() if key not in personal.SNAPSHOT_PERSONAL_KEYS}


@admin.register(Handover)
class HandoverAdmin(PrivateFilesAdminMixin, ModelAdmin):
    list_display = ["application", "date", "item", "serial_number", "amount"]
    list_select_related = ["application__business", "application__programme"]
    date_hierarchy = "date"
    raw_id_fields = ["application"]
    readonly_fields = ["recorded_by"]


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(PrivateFilesAdminMixin, ModelAdmin):
    list_display = ["application", "date", "in_use"]
    list_filter = ["in_use"]
    list_select_related = ["application__business", "application__programme"]
    raw_id_fields = ["application"]
    readonly_fields = ["recorded_by"]


class AttendanceInline(TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["application"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(ModelAdmin):
    list_display = ["title", "programme", "date", "place", "capacity"]
    list_select_related = ["programme"]
    inlines = [AttendanceInline]


class DeliveryInline(TabularInline):
    model = Delivery
    extra = 0
    fields = ["user", "email", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ModelAdmin):
    list_display = ["title", "kind", "segment", "association", "sender", "recipient_count", "created_at"]
    list_filter = ["kind", "segment"]
    search_fields = ["title", "body"]
    list_select_related = ["association", "sender"]
    readonly_fields = ["sender", "recipient_count"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ModelAdmin):
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
class AnnouncementPreferenceAdmin(ModelAdmin):
    list_display = ["user", "kinds", "by_email"]
    raw_id_fields = ["user"]
