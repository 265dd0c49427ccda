from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tuban_ikm.personal_admin import PersonalDataAdminMixin
from tuban_ikm.site import absolute_url

from . import anonymisation, services
from .models import DataRequest, Invitation, User


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Data pribadi"), {"fields": ("first_name", "last_name", "email", "phone")}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    list_display = ("username", "first_name", "email", "phone", "is_staff", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    actions = ("reset_link", "unlock_login", "reset_two_factor")

    def has_dinas_permission(self, request):
        return request.user.is_active and request.user.has_perm("registry.change_business")

    def has_unlock_permission(self, request):
        return request.user.is_active and request.user.has_perm("axes.delete_accessattempt")

    def has_reset_two_factor_permission(self, request):
        return request.user.is_active and request.user.has_perm("otp_totp.delete_totpdevice")

    @admin.action(description=_("Buka kunci masuk (terlalu banyak kata sandi salah)"), permissions=["unlock"])
    def unlock_login(self, request, queryset):
        """Lift django-axes' lockout of the selected accounts before the cool-off ends."""
        removed = 0
        for user in queryset:
            count = services.login_unlock(user=user)
            if count:
                removed += count
                self.log_change(request, user, gettext("Kunci masuk dibuka oleh Dinas."))
        self.message_user(
            request, gettext("Kunci masuk dibuka: %(count)d catatan percobaan dihapus.") % {"count": removed}
        )

    @admin.action(description=_("Atur ulang verifikasi dua langkah (ponsel hilang)"), permissions=["reset_two_factor"])
    def reset_two_factor(self, request, queryset):
        """Remove the authenticator and backup codes: at the next sign-in the account sets
        up a new device. Check who is asking before doing this (phone call, in person)."""
        done = 0
        for user in queryset:
            try:
                services.otp_devices_reset(user=user, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{user}: {error.messages[0]}", messages.ERROR)
            else:
                done += 1
                self.log_change(request, user, gettext("Verifikasi dua langkah diatur ulang oleh Dinas."))
        if done:
            self.message_user(
                request,
                gettext(
                    "Verifikasi dua langkah %(count)d akun diatur ulang; "
                    "akun tersebut mengatur perangkat baru saat masuk."
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Buat tautan atur ulang kata sandi (pemilik tanpa email)"), permissions=["dinas"])
    def reset_link(self, request, queryset):
        """For owners who signed up with a phone number only and forgot their password:
        Dinas makes a one-time link and sends it by WhatsApp after checking who asks.

        Never for staff or superusers (a staff member could otherwise take over an account
        with more rights than their own); one account at a time; logged in the admin log.
        """
        if queryset.count() != 1:
            self.message_user(request, gettext("Pilih tepat satu akun."), messages.ERROR)
            return None
        user = queryset.get()
        if user.is_staff or user.is_superuser or not user.is_active:
            self.message_user(
                request, gettext("Tautan hanya dapat dibuat untuk akun pemilik usaha yang aktif."), messages.ERROR
            )
            return None
        url = absolute_url(services.password_reset_path(user), request)
        self.log_change(request, user, gettext("Tautan atur ulang kata sandi dibuat oleh Dinas."))
        self.message_user(
            request,
            format_html(
                "{} <code>{}</code>",
                gettext(
                    "Tautan untuk %(user)s (sekali pakai, batal begitu kata sandi diganti). "
                    "Kirim hanya kepada pemilik akun setelah memastikan identitasnya:"
                )
                % {"user": user.get_full_name() or user.username},
                url,
            ),
            messages.SUCCESS,
        )
        return None


class DinasWorkMixin:
    """Invitations and data requests are Dinas work: whoever may change businesses
    (registry.change_business, i.e. Staf Dinas) may handle them, on top of the model's own
    permissions. Deleting stays with the model permission (superusers)."""

    dinas_permission = "registry.change_business"

    def is_dinas(self, request):
        return request.user.is_active and request.user.has_perm(self.dinas_permission)

    def has_module_permission(self, request):
        return self.is_dinas(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.is_dinas(request) or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.is_dinas(request) or super().has_change_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(PersonalDataAdminMixin, DinasWorkMixin, admin.ModelAdmin):
    list_display = ("business", "state", "created_by", "created_at", "expires_at", "used_at", "used_by", "undone_at")
    list_select_related = ("business", "created_by", "used_by")
    search_fields = ("business__name", "business__nib")
    list_filter = (("used_at", admin.EmptyFieldListFilter),)
    autocomplete_fields = ("business",)
    date_hierarchy = "created_at"
    actions = ("revoke", "undo_claim")

    def has_add_permission(self, request):
        return self.is_dinas(request) or super().has_add_permission(request)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("business",)
        return (
            *("business", "state", "created_by", "created_at", "expires_at", "used_at", "used_by"),
            *("undone_at", "undone_by"),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # Only the expiry may change (to extend or shorten a link); the rest is history.
        return ("business", "state", "created_by", "created_at", "used_at", "used_by", "undone_at", "undone_by")

    @admin.display(description=_("status"))
    def state(self, obj):
        if obj.is_undone:
            return gettext("Klaim dibatalkan")
        if obj.is_used:
            return gettext("Sudah dipakai")
        if obj.is_expired:
            return gettext("Kedaluwarsa")
        return gettext("Berlaku")

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # Only the hash is stored: make the token through the service and show the link
        # now, once. Copy the saved row into `obj` so the admin's log and redirect use it.
        invitation, raw_token = services.invitation_create(business=obj.business, created_by=request.user)
        for model_field in Invitation._meta.concrete_fields:
            setattr(obj, model_field.attname, getattr(invitation, model_field.attname))
        obj._state.adding = False
        obj._state.db = invitation._state.db
        url = absolute_url(reverse("accounts:claim", args=[raw_token]), request)
        messages.success(
            request,
            gettext(
                "Tautan klaim untuk %(business)s (salin sekarang, tautan ini tidak akan ditampilkan lagi; "
                "berlaku sampai %(expires)s): %(url)s"
            )
            % {
                "business": invitation.business,
                "expires": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y"),
                "url": url,
            },
        )

    @admin.action(description=_("Cabut undangan yang dipilih"), permissions=["change"])
    def revoke(self, request, queryset):
        now = timezone.now()
        count = queryset.filter(used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        self.message_user(request, gettext("%(count)d undangan dicabut.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Batalkan klaim (usaha kembali tanpa pemilik)"), permissions=["change"])
    def undo_claim(self, request, queryset):
        """Dinas undoes claims that reached the wrong person: each business goes back to
        unclaimed, its former owner is told, and the admin log and the business's history
        keep who did it."""
        undone = 0
        for invitation in queryset.select_related("business"):
            try:
                services.invitation_claim_undo(invitation=invitation, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{invitation.business}: {' '.join(error.messages)}", messages.ERROR)
                continue
            undone += 1
            self.log_change(request, invitation, gettext("Klaim dibatalkan oleh Dinas."))
            self.log_change(request, invitation.business, gettext("Klaim lewat undangan dibatalkan oleh Dinas."))
        if undone:
            self.message_user(request, gettext("%(count)d klaim dibatalkan.") % {"count": undone}, messages.SUCCESS)


@admin.register(DataRequest)
class DataRequestAdmin(PersonalDataAdminMixin, DinasWorkMixin, admin.ModelAdmin):
    list_display = ("created_at", "user", "business", "kind", "status", "handled_by", "handled_at")
    list_select_related = ("user", "business", "handled_by")
    list_filter = ("status", "kind")
    search_fields = ("user__username", "user__first_name", "user__email", "user__phone", "business__name")
    date_hierarchy = "created_at"
    fields = ("user", "business", "kind", "message", "created_at", "status", "response", "handled_by", "handled_at")
    readonly_fields = ("user", "business", "kind", "message", "created_at", "handled_by", "handled_at")

    def has_add_permission(self, request):
        # Requests come from owners (/akun/permintaan-data/), never typed in by staff.
        return False

    actions = ("anonymise",)

    @admin.action(description=_("Jalankan penghapusan: anonimkan data pribadi pemilik"), permissions=["change"])
    def anonymise(self, request, queryset):
        """Deletion requests only, after a confirmation page that says what goes and what stays."""
        requests = list(queryset.select_related("user", "business"))
        refused = [r for r in requests if r.kind != DataRequest.Kind.DELETION or r.status == DataRequest.Status.DONE]
        if refused:
            self.message_user(
                request,
                gettext("Hanya permintaan penghapusan yang belum selesai yang dapat dijalankan."),
                messages.ERROR,
            )
            return None
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(
                request,
                "accounts/admin/anonymise_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": gettext("Anonimkan data pribadi?"),
                    "requests": requests,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for data_request in requests:
            done = anonymisation.data_request_anonymise(data_request=data_request, by=request.user)
            # The fresh row: its __str__ names the account as it is called now.
            self.log_change(request, done, gettext("Data pribadi dianonimkan."))
        self.message_user(
            request,
            gettext("%(count)d permintaan penghapusan dijalankan; data pribadinya sudah dianonimkan.")
            % {"count": len(requests)},
            messages.SUCCESS,
        )
        return None

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or "response" in form.changed_data:
            obj.handled_by = request.user
            obj.handled_at = timezone.now()
        super().save_model(request, obj, form, change)
