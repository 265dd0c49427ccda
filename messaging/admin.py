from django.contrib import admin

from .models import Message, Thread


class MessageInline(admin.TabularInline):
    model = Message
    fields = ("created_at", "from_dinas", "author", "body")
    readonly_fields = ("created_at", "from_dinas", "author")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # answers go through the staff page, which tells the writer


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """New topics for Dinas staff (also at /pesan/dinas/, where answers notify the writer).
    Only staff with the messaging permissions reach it: Pimpinan has none."""

    list_display = ("__str__", "kind", "status", "awaiting_answer", "kecamatan", "assigned_to", "last_message_at")
    list_filter = ("status", "awaiting_answer", "kind", "kecamatan")
    search_fields = ("subject",)
    list_select_related = ("kecamatan", "assigned_to")
    fields = (
        "writer",
        "kind",
        "subject",
        "business",
        "association_name",
        "kecamatan",
        "status",
        "assigned_to",
        "created_at",
    )
    readonly_fields = ("writer", "business", "association_name", "kecamatan", "status", "created_at")
    raw_id_fields = ("assigned_to",)
    inlines = [MessageInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False  # owners and officers open threads from their pages
