from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DinasContact, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox, for superusers: what waits, what failed and why. The body is not shown:
    it can hold one-time links (password reset, claim invitation)."""

    list_display = ("created_at", "kind", "subject", "recipients", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "kind")
    search_fields = ("subject",)
    fields = ("kind", "subject", "to", "status", "attempts", "next_attempt_at", "sent_at", "last_error", "created_at")
    readonly_fields = fields
    actions = ["retry"]

    @admin.display(description=_("penerima"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("Kirim ulang email yang gagal"))
    def retry(self, request, queryset):
        from django.utils import timezone

        count = queryset.filter(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(request, _("%(n)s email masuk antrean lagi.") % {"n": count})

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(DinasContact)
class DinasContactAdmin(admin.ModelAdmin):
    """One row (a database constraint): "add" only while there is none, never deleted."""

    fields = ("name", "address", "phone", "whatsapp", "email", "office_hours")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not DinasContact.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
