"""Admin of the association: its sub-units, officers and members."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from registry.admin import HistoryAdmin, TabularInline
from tuban_ikm.admin_exports import ExportFilteredMixin
from tuban_ikm.locking import VersionedAdminMixin
from tuban_ikm.personal_admin import PersonalDataAdminMixin

from .models import Association, DataDrive, DriveReminder, Membership, Officer


class OfficerInline(TabularInline):
    model = Officer
    fields = ("user", "role", "term_start", "term_end")
    autocomplete_fields = ("user",)


@admin.register(Association)
class AssociationAdmin(VersionedAdminMixin, HistoryAdmin):
    list_display = ("name", "short_name", "unit_kind", "parent", "kecamatan", "active_members")
    list_filter = ("unit_kind", "kecamatan")
    search_fields = ("name", "short_name", "sector")
    list_select_related = ("parent", "kecamatan")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "short_name", "unit_kind", "parent", "kecamatan", "sector")}),
        (_("Dasar hukum"), {"fields": ("sk_number", "sk_date", "founded_on", "address")}),
        (_("Catatan waktu"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (OfficerInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE)))
        )

    @admin.display(description=_("anggota aktif"), ordering="active_member_count")
    def active_members(self, obj):
        return obj.active_member_count


@admin.register(Officer)
class OfficerAdmin(HistoryAdmin):
    personal_columns = ("full_name",)
    list_display = ("user", "full_name", "role", "association", "term_start", "term_end")
    list_filter = ("role", "association")
    search_fields = ("user__username", "user__first_name", "user__last_name", "association__name")
    autocomplete_fields = ("user",)
    readonly_fields = ("created_at", "updated_at")

    def get_queryset(self, request):
        # __str__ names the association and the user: history pages need them too.
        return super().get_queryset(request).select_related("association", "user")

    @admin.display(description=_("nama"), ordering="user__first_name")
    def full_name(self, obj):
        return obj.user.get_full_name()


@admin.register(Membership)
class MembershipAdmin(ExportFilteredMixin, VersionedAdminMixin, HistoryAdmin):
    list_display = ("member_number", "business", "association", "status", "joined_on", "left_on")
    list_filter = ("status", "association")
    search_fields = ("member_number", "business__name", "business__nib")
    autocomplete_fields = ("business",)
    readonly_fields = ("umbrella", "created_at", "updated_at")
    fields = (
        "business",
        "association",
        "umbrella",
        "member_number",
        "status",
        "joined_on",
        "left_on",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("business", "association", "umbrella")


@admin.register(DataDrive)
class DataDriveAdmin(HistoryAdmin):
    list_display = ("title", "association", "starts_on", "deadline", "status", "started_by")
    list_filter = ("status", "association")
    search_fields = ("title", "association__name")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("started_by",)
    list_select_related = ("association", "started_by")
    readonly_fields = (
        "start_member_count",
        "start_complete_count",
        "start_average_score",
        "end_member_count",
        "end_complete_count",
        "end_average_score",
        "closed_at",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        # __str__ names the association: history pages need it too.
        return super().get_queryset(request).select_related("association", "started_by")


@admin.register(DriveReminder)
class DriveReminderAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    """A log: rows are written by the reminders, never by hand."""

    list_display = ("sent_on", "membership", "drive", "email", "sent_by")
    list_filter = ("sent_on", "drive__association")
    search_fields = ("membership__business__name", "membership__member_number", "email")
    date_hierarchy = "sent_on"
    readonly_fields = ("drive", "membership", "sent_on", "email", "missing_items", "sent_by", "batch", "created_at")

    def get_queryset(self, request):
        # __str__ of a membership names its business and association.
        return (
            super()
            .get_queryset(request)
            .select_related("membership__business", "membership__association", "drive__association", "sent_by")
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
