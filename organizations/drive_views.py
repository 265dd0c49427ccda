"""Officers' data drives (/asosiasi/pendataan/): start one, follow its progress, remind members.

Same access rules as the member pages: no running officer role gives 403; a drive of an
association the officer does not run answers 404.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tuban_ikm.site import absolute_url

from . import drives, selectors
from .models import Association, DataDrive
from .views import require_officer

MEMBERS_PER_PAGE = 50
DRIVES_PER_PAGE = 20
SHOW_CHOICES = ("semua", "belum", "lengkap")


class AssociationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        # Sub-units under their umbrella, as the officers think of them.
        return f"— {obj.name}" if obj.parent_id else obj.name


class DriveStartForm(forms.Form):
    association = AssociationChoiceField(
        label=gettext_lazy("Asosiasi/unit"),
        queryset=Association.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("Pendataan asosiasi induk mencakup anggota semua unitnya."),
    )
    title = forms.CharField(
        label=gettext_lazy("Judul"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Muncul di email pengingat kepada anggota."),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Tenggat"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Pendataan dimulai hari ini. Pengingat dikirim sampai tenggat."),
    )

    def __init__(self, *args, associations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations.order_by(*selectors.UMBRELLA_FIRST)
        if len(self.fields["association"].queryset) == 1:
            # Nothing to choose: a sub-unit officer runs only their unit.
            self.fields["association"].initial = self.fields["association"].queryset[0]
            self.fields["association"].widget = forms.HiddenInput()
            self.fields["association"].help_text = ""


def _drive_for(user, pk):
    require_officer(user)
    return get_object_or_404(DataDrive.objects.visible_to(user).select_related("association", "started_by"), pk=pk)


@login_required
def drive_list(request):
    require_officer(request.user)
    queryset = DataDrive.objects.visible_to(request.user).select_related("association", "started_by")
    page = Paginator(queryset, DRIVES_PER_PAGE).get_page(request.GET.get("page"))
    progress = drives.drive_summaries(page)
    rows = [(drive, progress[drive.pk]) for drive in page]
    return render(request, "organizations/drive_list.html", {"page": page, "rows": rows})


@login_required
def drive_start(request):
    require_officer(request.user)
    associations = Association.objects.visible_to(request.user)
    form = DriveStartForm(
        request.POST or None,
        associations=associations,
        initial={
            "association": selectors.home_association(request.user),
            "title": _("Lengkapi data dalam satu minggu"),
            "deadline": drives.default_deadline(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            drive = drives.drive_start(
                association=form.cleaned_data["association"],
                deadline=form.cleaned_data["deadline"],
                title=form.cleaned_data["title"],
                started_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Pendataan dimulai. Kirim pengingat kepada anggota yang datanya belum lengkap.")
            )
            return redirect("organizations:drive_detail", pk=drive.pk)
    return render(request, "organizations/drive_form.html", {"form": form})


@login_required
def drive_detail(request, pk):
    drive = _drive_for(request.user, pk)
    show = request.GET.get("tampil")
    if show not in SHOW_CHOICES:
        show = SHOW_CHOICES[0]
    progress, page = drives.drive_page(drive, show=show, page_number=request.GET.get("page"), per_page=MEMBERS_PER_PAGE)
    return render(
        request,
        "organizations/drive_detail.html",
        {
            "drive": drive,
            "progress": progress,
            "page": page,
            "show": show,
            "to_remind": progress.to_remind_count,
            "is_umbrella": not drive.association.parent_id,
            "today": progress.today,
        },
    )


@login_required
@require_POST
def drive_remind(request, pk):
    drive = _drive_for(request.user, pk)
    try:
        result = drives.drive_send_reminders(drive, sent_by=request.user, site_url=absolute_url("/", request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:drive_detail", pk=drive.pk)
    parts = [
        ngettext("%(count)d pengingat terkirim lewat email", "%(count)d pengingat terkirim lewat email", result.sent)
        % {"count": result.sent}
    ]
    if result.notice_only:
        parts.append(
            ngettext(
                "%(count)d hanya lewat pemberitahuan di akun (tanpa email)",
                "%(count)d hanya lewat pemberitahuan di akun (tanpa email)",
                result.notice_only,
            )
            % {"count": result.notice_only}
        )
    if result.skipped_today:
        parts.append(
            ngettext(
                "%(count)d dilewati karena sudah diingatkan hari ini",
                "%(count)d dilewati karena sudah diingatkan hari ini",
                result.skipped_today,
            )
            % {"count": result.skipped_today}
        )
    if result.skipped_no_email:
        parts.append(
            ngettext(
                "%(count)d dilewati karena tanpa email dan belum punya akun (hubungi lewat telepon)",
                "%(count)d dilewati karena tanpa email dan belum punya akun (hubungi lewat telepon)",
                result.skipped_no_email,
            )
            % {"count": result.skipped_no_email}
        )
    summary = "; ".join(parts) + "."
    if result.reached:
        messages.success(request, summary)
    else:
        messages.info(request, _("Tidak ada pengingat baru yang perlu dikirim.") + " " + summary)
    return redirect("organizations:drive_detail", pk=drive.pk)


@login_required
@require_POST
def drive_close(request, pk):
    drive = _drive_for(request.user, pk)
    try:
        drives.drive_close(drive=drive, closed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Pendataan ditutup. Pengingat tidak dikirim lagi."))
    return redirect("organizations:drive_detail", pk=drive.pk)
