"""Admin pages of the dashboard app: the export log (read only, for audit) and the map boundaries."""

from django.contrib import admin

from tuban_ikm import personal

from .models import Boundary, ExportLog, PersonalDataAccess


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Who exported what, when, with which filters. Nobody edits or deletes an audit row here."""

    list_display = ("created_at", "user", "dataset", "file_format", "source", "row_count", "personal_data")
    list_filter = ("dataset", "file_format", "source", "personal_data", "created_at")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "finished_at",
        "user",
        "dataset",
        "file_format",
        "source",
        "filters",
        "row_count",
        "personal_data",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    """Loaded by `manage.py load_boundaries`; shown here to check what is there, not edited."""

    list_display = ("code", "name", "level", "centre_lat", "centre_lng", "updated_at")
    list_filter = ("level",)
    search_fields = ("code", "name")
    fields = ("code", "name", "level", "centre_lat", "centre_lng", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who saw or exported whose personal data. Read only, and only for those who may see
    personal data themselves (Dinas): it would otherwise tell Pimpinan whose records were opened."""

    list_display = ("created_at", "user", "action", "source", "model", "object_id", "business", "export")
    list_filter = ("action", "source", "created_at")
    search_fields = ("user__username", "object_id", "business__name", "path")
    list_select_related = ("user", "business", "export")
    date_hierarchy = "created_at"
    fields = ("created_at", "user", "action", "source", "model", "object_id", "business", "export", "path")
    readonly_fields = fields

    def has_module_permission(self, request):
        return personal.may_see(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return personal.may_see(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
