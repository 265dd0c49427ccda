"""The spreadsheet import pages: template, upload and preview, confirm.

Two audiences share these views and the engine in registry/importing/:
- officers (/asosiasi/impor/): may update only their associations' members; new and
  matched businesses become active members of the unit they choose;
- Dinas staff holding "registry.import_business" (/dinas/impor/): may update any business,
  and nobody becomes a member.

The parsed rows wait in an ImportPreview row between preview and confirm (the session holds
only its id), never in a temp folder or the session itself: deleted once applied, replaced
by the next upload, and removed after an hour (`purge_import_previews`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import invitations_email
from registry import importing
from tuban_ikm.site import absolute_url

from . import selectors
from . import services as organization_services
from .import_forms import ImportUploadForm
from .models import Association, ImportPreview, Membership

OFFICERS, DINAS = "asosiasi", "dinas"
PREVIEW_ROWS_SHOWN = 300
IMPORT_PERMISSION = "registry.import_business"


class Audience:
    """Who imports, what they may touch, and where their pages are."""

    def __init__(self, request, kind, unit=None):
        self.kind = kind
        user = request.user
        if kind == DINAS:
            if not (user.is_staff and user.has_perm(IMPORT_PERMISSION)):
                raise PermissionDenied(_("Impor data hanya untuk staf Dinas dengan izin impor."))
            self.units = None
            self.scope = importing.Scope(user=user)
        else:
            if not selectors.officer_roles(user).exists():
                raise PermissionDenied(_("Halaman ini hanya untuk pengurus asosiasi."))
            self.units = Association.objects.visible_to(user).order_by("parent_id", "name")
            association = unit or selectors.home_association(user)
            # Only active members: an applicant, a member set nonaktif or one who left is not
            # the association's to edit.
            active = Membership.objects.visible_to(user).filter(status=Membership.Status.ACTIVE)
            editable = set(active.values_list("business_id", flat=True))
            self.scope = importing.Scope(
                user=user, association=association, editable_business_ids=editable, template_only=True
            )
        self.session_key = f"registry_import_{kind}"
        self.namespace = "organizations" if kind == OFFICERS else "dinas"

    def url(self, name):
        return reverse(f"{self.namespace}:{name}")

    def back_url(self):
        return reverse("organizations:member_list") if self.kind == OFFICERS else reverse("dinas:business_list")


def _render_preview(request, audience, preview, *, conflict=""):
    return render(
        request,
        "organizations/import_preview.html",
        {
            "audience": audience,
            "preview": preview,
            "conflict": conflict,
            "rows_shown": PREVIEW_ROWS_SHOWN,
            "errors": list(preview.error_lines())[:500],
        },
    )


@login_required
def import_upload(request, kind=OFFICERS):
    audience = Audience(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None, units=audience.units)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data.get("unit")
        if unit is not None:
            audience = Audience(request, kind, unit=unit)
        try:
            raw_sheets = importing.read_workbook(form.cleaned_data["file"].read())
            preview = importing.validate(raw_sheets, audience.scope)
        except importing.BadFile as error:
            form.add_error("file", str(error))
        else:
            stored = organization_services.import_preview_store(
                user=request.user, kind=kind, unit=unit, sheets=raw_sheets
            )
            request.session[audience.session_key] = stored.pk
            return _render_preview(request, audience, preview)
    return render(
        request,
        "organizations/import_upload.html",
        {"form": form, "audience": audience, "max_mb": importing.MAX_UPLOAD_MB},
    )


@login_required
@require_POST
def import_confirm(request, kind=OFFICERS):
    audience = Audience(request, kind)
    preview_id = request.session.get(audience.session_key)
    stored = (
        ImportPreview.objects.usable().filter(pk=preview_id, user=request.user, kind=kind).first()
        if isinstance(preview_id, int)
        else None
    )
    if stored is None:
        request.session.pop(audience.session_key, None)
        messages.error(request, _("Pratinjau sudah kedaluwarsa atau sudah disimpan. Unggah berkasnya sekali lagi."))
        return redirect(audience.url("import_upload"))
    if stored.unit_id:
        # The unit was checked against the officer's units at upload; check again now.
        unit = audience.units.filter(pk=stored.unit_id).first() if audience.units is not None else None
        if unit is None:
            raise PermissionDenied
        audience = Audience(request, kind, unit=unit)
    result = importing.apply(stored.sheets, audience.scope)
    if not result.applied:
        messages.error(request, result.conflict or _("Tidak ada yang disimpan: masih ada baris bergalat."))
        return _render_preview(request, audience, result.preview, conflict=result.conflict)
    stored.delete()
    del request.session[audience.session_key]
    invitations = [
        (business, absolute_url(reverse("accounts:claim", kwargs={"token": token}), request))
        for business, token in result.invitations
    ]
    association = audience.scope.association
    sender = str(association) if association else _("Dinas Ketenagakerjaan dan Perindustrian Kabupaten Tuban")
    emailed = {business.pk for business in invitations_email(invitations, sender_name=sender)}
    messages.success(request, _("Impor selesai: semua baris tersimpan."))
    return render(
        request,
        "organizations/import_done.html",
        {
            "audience": audience,
            "preview": result.preview,
            "invitations": [(business, link, business.pk in emailed) for business, link in invitations],
            "emailed_count": len(emailed),
        },
    )


@login_required
def import_template(request, kind=OFFICERS):
    Audience(request, kind)
    response = HttpResponse(
        importing.build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-data-ikm-tuban.xlsx"'
    return response
