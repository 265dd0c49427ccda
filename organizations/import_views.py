"""The officers' spreadsheet import (/asosiasi/impor/): template, upload and preview, confirm."""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import importer, selectors
from .forms import MAX_UPLOAD_BYTES, ImportUploadForm
from .views import require_officer

IMPORT_SESSION_KEY = "organizations_import"
IMPORT_TTL_SECONDS = 60 * 60  # an abandoned preview is forgotten after an hour
PREVIEW_ROWS_SHOWN = 500


def _import_scope(user):
    association = selectors.home_association(user)
    editable = set(selectors.memberships_visible_to(user).values_list("business_id", flat=True))
    return association, editable


def _render_preview(request, preview):
    return render(
        request,
        "organizations/import_preview.html",
        {
            "preview": preview,
            "rows": preview.rows[:PREVIEW_ROWS_SHOWN],
            "hidden_rows": max(0, len(preview.rows) - PREVIEW_ROWS_SHOWN),
            "error_rows": preview.error_rows,
            "headers": [str(column.header) for column in importer.COLUMNS],
        },
    )


@login_required
def import_upload(request):
    require_officer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            raw_rows = importer.read_workbook(form.cleaned_data["file"].read())
        except importer.BadFile as error:
            form.add_error("file", str(error))
        else:
            association, editable = _import_scope(request.user)
            preview = importer.validate_rows(raw_rows, association=association, editable_ids=editable)
            # The parsed rows wait in the session (database-backed), never in a temp folder.
            request.session[IMPORT_SESSION_KEY] = {"rows": raw_rows, "at": time.time()}
            return _render_preview(request, preview)
    context = {"form": form, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
    return render(request, "organizations/import_upload.html", context)


@login_required
@require_POST
def import_confirm(request):
    require_officer(request.user)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or time.time() - stored["at"] > IMPORT_TTL_SECONDS:
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, _("Pratinjau sudah kedaluwarsa. Unggah berkas sekali lagi."))
        return redirect("organizations:import_upload")
    association, editable = _import_scope(request.user)
    raw_rows = [(line, values) for line, values in stored["rows"]]
    result = importer.import_rows(raw_rows, association=association, editable_ids=editable, user=request.user)
    if result.preview.has_errors:
        messages.error(request, _("Tidak ada yang disimpan: masih ada baris bergalat."))
        return _render_preview(request, result.preview)
    del request.session[IMPORT_SESSION_KEY]
    invitations = [
        (business, request.build_absolute_uri(reverse("accounts:claim", kwargs={"token": token})))
        for business, token in result.invitations
    ]
    messages.success(request, _("Impor selesai. Semua baris tersimpan."))
    return render(
        request,
        "organizations/import_done.html",
        {"preview": result.preview, "invitations": invitations},
    )


@login_required
def import_template(request):
    require_officer(request.user)
    response = HttpResponse(
        importer.build_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="templat-anggota-ikm-tuban.xlsx"'
    return response
