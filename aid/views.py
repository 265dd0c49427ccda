"""Aid pages (/bantuan/): the owner's programmes and applications, the staff pages under
/bantuan/dinas/, and announcements for staff and association officers.

Thin views: a form, a service from services.py, a message, a redirect. Access goes through
access.py (owners: 404 for what is not theirs; officers and owners on staff pages: 403).
"""

import xlsxwriter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import get_business_for
from registry.models import Business
from tuban_ikm.files import CONTENT_TYPES, extension
from tuban_ikm.locking import ConcurrentEditError, conflict_message, posted_parent_version

from . import selectors, services
from .access import announcer_required, get_aid_file_holder, get_owned_application, staff_required
from .forms import (
    AnnouncementForm,
    ApplyForm,
    HandoverForm,
    MonitoringForm,
    PreferenceForm,
    ProgrammeForm,
    RejectForm,
    TrainingEventForm,
)
from .models import (
    Announcement,
    AnnouncementKind,
    AnnouncementPreference,
    Application,
    ApplicationDocument,
    Delivery,
    Handover,
    MonitoringVisit,
    Programme,
    TrainingEvent,
)
from .xlsx import escape_cell


def _errors(request, error):
    for message in error.messages:
        messages.error(request, message)


# --- Owners --------------------------------------------------------------------------------


@login_required
def owner_programmes(request, business_pk):
    business = get_business_for(request.user, business_pk)
    rows = selectors.owner_programmes(business)
    applications = business.aid_applications.select_related("programme").order_by("-created_at")
    return render(
        request,
        "aid/owner_programme_list.html",
        {
            "business": business,
            "rows": rows,
            "applications": applications,
            "announcements": selectors.owner_announcements(request.user),
        },
    )


@login_required
def owner_summary(request, business_pk):
    """The aid box of the business overview, fetched after the page loads."""
    business = get_business_for(request.user, business_pk)
    return render(request, "aid/_owner_summary.html", {"business": business})


@login_required
def owner_apply(request, business_pk, programme_pk):
    business = get_business_for(request.user, business_pk)
    programme = get_object_or_404(Programme.objects.prefetch_related("kecamatan"), pk=programme_pk)
    existing = business.aid_applications.filter(programme=programme).first()
    if existing:
        return redirect("aid:owner_application", existing.pk)
    eligible, reasons = programme.eligibility(business)
    form = ApplyForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and eligible and form.is_valid():
        try:
            application = services.application_create(
                programme=programme, business=business, user=request.user, documents=form.documents()
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Pendaftaran terkirim. Dinas akan memeriksa pengajuan Anda."))
            return redirect("aid:owner_application", application.pk)
    return render(
        request,
        "aid/application_form.html",
        {
            "business": business,
            "programme": programme,
            "eligible": eligible,
            "reasons": reasons,
            "is_open": programme.is_open(),
            "form": form,
        },
    )


@login_required
def owner_application(request, pk):
    application = get_owned_application(request.user, pk)
    return render(
        request,
        "aid/owner_application_detail.html",
        {
            "application": application,
            "business": application.business,
            "documents": application.documents.all(),
            "handover": getattr(application, "handover", None) if application.is_selected else None,
            "visits": application.visits.all(),
        },
    )


@login_required
def preferences(request):
    preference = AnnouncementPreference.objects.filter(user=request.user).first()
    initial = {
        "kinds": (preference.kinds if preference and preference.kinds else list(AnnouncementKind.values)),
        "by_email": preference.by_email if preference else True,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        AnnouncementPreference.objects.update_or_create(
            user=request.user, defaults={"kinds": form.cleaned_data["kinds"], "by_email": form.cleaned_data["by_email"]}
        )
        messages.success(request, _("Preferensi pengumuman tersimpan."))
        return redirect("aid:preferences")
    return render(request, "aid/preferences.html", {"form": form})


@login_required
def announcement_inbox(request):
    deliveries = Delivery.objects.filter(user=request.user).select_related("announcement")
    page = Paginator(deliveries.order_by("-announcement__created_at"), 20).get_page(request.GET.get("page"))
    Delivery.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "aid/announcement_inbox.html", {"page": page})


# --- Files: the owner and aid staff with personal-data permission (access.py) -------------

# Uploads hold personal data (ID cards, signatures): they live in the private storage and go
# out only through this view, as a download, never as public media.
FILE_KINDS = {
    "dokumen": (ApplicationDocument, "file", "original_name"),
    "tanda-terima": (Handover, "receipt", "receipt_name"),
    "foto": (MonitoringVisit, "photo", "photo_name"),
}


@login_required
def application_file(request, kind, pk):
    if kind not in FILE_KINDS:
        raise Http404
    model, attr, name_attr = FILE_KINDS[kind]
    holder = get_aid_file_holder(request.user, model, pk)
    file = getattr(holder, attr)
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    ext = extension(file.name)
    filename = getattr(holder, name_attr) or f"{kind}-{holder.pk}.{ext}"
    # The stored extension was checked against the content on upload (tuban_ikm.files).
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff ---------------------------------------------------------------------------------


@staff_required
def programme_list(request):
    programmes = selectors.programmes_with_counts().order_by("-year", "-opens_on", "name")
    page = Paginator(programmes, 25).get_page(request.GET.get("page"))
    return render(request, "aid/programme_list.html", {"page": page, "today": timezone.localdate()})


@staff_required
def programme_form(request, pk=None):
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                programme = form.save(commit=False)
                if not programme.created_by_id:
                    programme.created_by = request.user
                programme.save()  # refused when someone saved it after this form was loaded
                form.save_m2m()
        except ConcurrentEditError as error:
            form.add_error(None, conflict_message(error.instance, staff=False))
        else:
            messages.success(request, _("Program tersimpan."))
            return redirect("aid:programme_review", programme.pk)
    return render(request, "aid/programme_form.html", {"form": form, "programme": programme})


@staff_required
def programme_review(request, pk):
    programme = get_object_or_404(selectors.programmes_with_counts().prefetch_related("kecamatan"), pk=pk)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    rows = selectors.review_rows(programme, status)
    return render(
        request,
        "aid/programme_review.html",
        {
            "programme": programme,
            "rows": rows,
            "status": status,
            "statuses": Application.Status.choices,
            "remaining": max(programme.quota - programme.selected_count, 0),
            "events": programme.events.all(),
            "reject_form": RejectForm(),
        },
    )


@staff_required
def application_detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("programme", "business__desa__kecamatan", "decided_by"), pk=pk
    )
    handover = getattr(application, "handover", None) if application.is_selected else None
    return render(
        request,
        "aid/application_detail.html",
        {
            "application": application,
            "documents": application.documents.all(),
            "handover": handover,
            "visits": application.visits.all(),
            "reject_form": RejectForm(),
            "snapshot_status": _snapshot_label(Business.Verification, application.snapshot.get("verification_status")),
            "snapshot_size": _snapshot_label(Business.IndustryClass, application.snapshot.get("industry_class")),
        },
    )


def _snapshot_label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or "–"


@require_POST
@staff_required
def application_select(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        services.application_select(application_id=application.pk, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("%(name)s terpilih.") % {"name": application.business.name})
    if request.POST.get("next") == "detail":
        return redirect("aid:application_detail", application.pk)
    return redirect("aid:programme_review", application.programme_id)


@require_POST
@staff_required
def application_reject(request, pk):
    application = get_object_or_404(Application.objects.select_related("business"), pk=pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.application_reject(application=application, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Pengajuan %(name)s ditolak.") % {"name": application.business.name})
    else:
        messages.error(request, _("Tuliskan alasan penolakan untuk pemilik usaha."))
    return redirect("aid:programme_review", application.programme_id)


@staff_required
def handover_form(request, pk):
    application = get_object_or_404(Application.objects.select_related("programme", "business"), pk=pk)
    if not application.is_selected:
        raise PermissionDenied
    instance = getattr(application, "handover", None)
    initial = {"date": timezone.localdate(), "item": application.programme.item}
    form = HandoverForm(request.POST or None, request.FILES or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.handover_record(application=application, user=request.user, **form.cleaned_data)
        except ConcurrentEditError as error:
            form.add_error(None, conflict_message(error.instance, staff=False))
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Serah terima tercatat."))
            return redirect("aid:application_detail", application.pk)
    return render(request, "aid/handover_form.html", {"application": application, "form": form})


@staff_required
def monitoring_form(request, pk):
    application = get_object_or_404(Application.objects.select_related("programme", "business"), pk=pk)
    form = MonitoringForm(request.POST or None, request.FILES or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.monitoring_record(application=application, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Kunjungan monitoring tercatat."))
            return redirect("aid:application_detail", application.pk)
    return render(request, "aid/monitoring_form.html", {"application": application, "form": form})


@staff_required
def training_event_create(request, programme_pk):
    programme = get_object_or_404(Programme, pk=programme_pk)
    form = TrainingEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.training_event_create(programme=programme, **form.cleaned_data)
        messages.success(request, _("Kegiatan tersimpan dengan %(n)s peserta.") % {"n": event.attendances.count()})
        return redirect("aid:training_attendance", event.pk)
    return render(request, "aid/training_event_form.html", {"programme": programme, "form": form})


@staff_required
def training_attendance(request, pk):
    event = get_object_or_404(TrainingEvent.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        if "add_participants" in request.POST:
            added = services.training_event_add_participants(event=event)
            messages.success(request, _("%(n)s peserta ditambahkan.") % {"n": added})
        else:
            try:
                present_ids = request.POST.getlist("present")
                version = posted_parent_version(request.POST)
                services.attendance_record(event=event, present_ids=present_ids, version=version)
            except ConcurrentEditError:
                messages.error(request, conflict_message(event, staff=False))
            else:
                messages.success(request, _("Daftar hadir tersimpan."))
        return redirect("aid:training_attendance", event.pk)
    attendances = event.attendances.select_related("application__business__desa").order_by(
        "application__business__name"
    )
    return render(request, "aid/training_attendance.html", {"event": event, "attendances": attendances})


@staff_required
def training_attendance_export(request, pk):
    event = get_object_or_404(TrainingEvent.objects.select_related("programme"), pk=pk)
    attendances = event.attendances.select_related("application__business__desa__kecamatan").order_by(
        "application__business__name"
    )
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="daftar-hadir-{event.pk}.xlsx"'
    workbook = xlsxwriter.Workbook(response, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet(_("Daftar hadir")[:31])
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, escape_cell(f"{event.title} – {event.place}"), bold)
    sheet.write_string(1, 0, event.date.strftime("%d-%m-%Y"))
    headers = [_("No"), _("Nama usaha"), _("Pemilik"), _("Desa"), _("Kecamatan"), _("Telepon"), _("Hadir")]
    for col, header in enumerate(headers):
        sheet.write_string(3, col, header, bold)
    for row, attendance in enumerate(attendances, start=4):
        business = attendance.application.business
        sheet.write_number(row, 0, row - 3)
        for col, value in enumerate(
            [
                business.name,
                business.owner_name,
                business.desa.name,
                business.desa.kecamatan.name,
                business.phone,
                _("Ya") if attendance.present else _("Tidak"),
            ],
            start=1,
        ):
            sheet.write_string(row, col, escape_cell(value))
    sheet.set_column(1, 2, 28)
    sheet.set_column(3, 5, 16)
    workbook.close()
    return response


# --- Announcements -------------------------------------------------------------------------


@announcer_required
def announcement_create(request):
    association = request.aid_association
    form = AnnouncementForm(request.POST or None, officer=association is not None)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        announcement = services.announcement_send(sender=request.user, association=association, **fields)
        messages.success(
            request,
            _("Pengumuman masuk antrean untuk %(n)s penerima; email dikirim bertahap.")
            % {"n": announcement.recipient_count},
        )
        return redirect("aid:announcement_list")
    return render(request, "aid/announcement_form.html", {"form": form, "association": association})


@announcer_required
def announcement_list(request):
    from django.db.models import Count, Q

    announcements = Announcement.objects.select_related("sender", "association").annotate(
        sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
        failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        pending=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
    )
    if request.aid_association is not None:
        announcements = announcements.filter(association=request.aid_association)
    page = Paginator(announcements.order_by("-created_at"), 25).get_page(request.GET.get("page"))
    return render(request, "aid/announcement_list.html", {"page": page})
