"""The umbrella association of Tuban's IKM, its sub-units, officers and members."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models import Business, BusinessPartQuerySet, Kecamatan
from tuban_ikm.locking import VersionedModel
from tuban_ikm.models import DATA_PERMISSIONS, TimeStampedModel


class AssociationQuerySet(models.QuerySet):
    def visible_to(self, user, roles=None):
        """Associations and units an officer runs (a running term; an umbrella's officers run its
        units too); pass `roles` when already loaded. Staff use the admin's model permissions."""
        from .selectors import officer_roles

        roles = officer_roles(user) if roles is None else roles
        ids, umbrella_ids = set(), set()
        for role in roles:
            ids.add(role.association_id)
            if not role.association.parent_id:
                umbrella_ids.add(role.association_id)
        return self.filter(models.Q(pk__in=ids) | models.Q(parent_id__in=umbrella_ids))


class Association(VersionedModel, TimeStampedModel):
    """The umbrella association, or one of its sub-units (per kecamatan or sector cluster)."""

    class UnitKind(models.TextChoices):
        UMBRELLA = "induk", _("Asosiasi induk")
        KECAMATAN = "kecamatan", _("Unit kecamatan")
        SECTOR = "klaster", _("Klaster sektor")

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    unit_kind = models.CharField(_("jenis unit"), max_length=10, choices=UnitKind.choices, default=UnitKind.UMBRELLA)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_units",
        verbose_name=_("asosiasi induk"),
    )
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kecamatan")
    )
    sector = models.CharField(_("sektor/klaster"), max_length=100, blank=True)
    sk_number = models.CharField(_("nomor SK/akta"), max_length=100, blank=True)
    sk_date = models.DateField(_("tanggal SK/akta"), null=True, blank=True)
    founded_on = models.DateField(_("tanggal berdiri"), null=True, blank=True)
    address = models.CharField(_("alamat sekretariat"), max_length=255, blank=True)
    history = HistoricalRecords()
    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["parent_id", "name"]
        verbose_name = _("asosiasi")
        verbose_name_plural = pgettext_lazy("plural", "asosiasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_kind="induk", parent__isnull=True) | (~Q(unit_kind="induk") & Q(parent__isnull=False)),
                name="association_only_subunits_have_parent",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def umbrella(self):
        return self.parent if self.parent_id else self

    def clean(self):
        super().clean()
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Sub-unit hanya boleh berada langsung di bawah asosiasi induk.")})
        if self.unit_kind == self.UnitKind.KECAMATAN and not self.kecamatan_id:
            raise ValidationError({"kecamatan": _("Pilih kecamatan untuk unit kecamatan.")})


class Officer(TimeStampedModel):
    class Role(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        BENDAHARA = "bendahara", _("Bendahara")
        PENGURUS = "pengurus", _("Pengurus")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="officers", verbose_name=_("asosiasi")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="officer_roles", verbose_name=_("akun")
    )
    role = models.CharField(_("jabatan"), max_length=12, choices=Role.choices)
    term_start = models.DateField(_("awal masa bakti"))
    term_end = models.DateField(_("akhir masa bakti"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["association", "role"]
        verbose_name = _("pengurus")
        verbose_name_plural = pgettext_lazy("plural", "pengurus")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="officer_term_end_after_start",
            ),
        ]

    def __str__(self):
        # No name: the title of admin pages that Pimpinan reads too (personal data).
        return f"{self.get_role_display()} {self.association}"


class MembershipQuerySet(BusinessPartQuerySet):
    def visible_to(self, user, roles=None):
        """Memberships in the associations an officer runs (the /asosiasi/ pages). Owners reach
        their own through `owned_by`; staff through the admin's model permissions.

        Filtered by the membership's own columns: an umbrella officer's are those with that
        umbrella (the umbrella and all its sub-units), a sub-unit officer's those of the unit.
        Equal to `association__in=Association.objects.visible_to(...)`, but PostgreSQL counts an
        umbrella's 70,000 members from the index membership_umbrella_counts instead of joining
        the associations (seq scan and hash join: 5-10x slower)."""
        from .selectors import officer_roles

        roles = list(officer_roles(user)) if roles is None else roles
        umbrella_ids = {role.association_id for role in roles if not role.association.parent_id}
        unit_ids = {
            role.association_id
            for role in roles
            if role.association.parent_id and role.association.parent_id not in umbrella_ids
        }
        if not umbrella_ids and not unit_ids:
            return self.none()
        scope = models.Q()
        if umbrella_ids:
            scope |= models.Q(umbrella_id__in=sorted(umbrella_ids))
        if unit_ids:
            scope |= models.Q(association_id__in=sorted(unit_ids))
        return self.filter(scope)


class Membership(VersionedModel, TimeStampedModel):
    class Status(models.TextChoices):
        APPLIED = "diajukan", _("Diajukan")
        ACTIVE = "aktif", _("Aktif")
        INACTIVE = "nonaktif", _("Nonaktif")
        LEFT = "keluar", _("Keluar")

    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("usaha")
    )
    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("asosiasi/unit")
    )
    # The umbrella of `association`, kept on the row so the database itself can refuse a
    # second active membership under the same umbrella (a sub-unit counts as the umbrella).
    umbrella = models.ForeignKey(
        Association,
        on_delete=models.PROTECT,
        related_name="all_memberships",
        editable=False,
        verbose_name=_("asosiasi induk"),
    )
    member_number = models.CharField(_("nomor anggota"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    joined_on = models.DateField(_("tanggal bergabung"), null=True, blank=True)
    left_on = models.DateField(_("tanggal keluar"), null=True, blank=True)
    # Copies of the member business's state, so that the drive pages count 60,000 members
    # from this table's index alone instead of joining every business (250 ms at 100,000
    # businesses). Kept equal to the business by organizations/member_state.py, on every
    # write of the business (registry.completeness_store.business_state_changed) or of the
    # membership.
    business_active = models.BooleanField(_("usaha aktif"), default=False, editable=False)
    business_points = models.PositiveSmallIntegerField(
        _("jumlah syarat kelengkapan usaha terpenuhi"), default=0, editable=False
    )
    business_reachable = models.BooleanField(_("usaha dapat dihubungi"), default=False, editable=False)
    # The business's name, which the member list sorts and searches by: sorted, the list
    # is read from membership_list_order alone; searched, from trigram indexes on this
    # table (migration 0006) instead of joining and rechecking 100,000 businesses (a
    # 177 MB table: 64 ms for the count of "jaya" at 100,000 businesses).
    business_name = models.CharField(_("nama usaha"), max_length=200, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["business_active", "business_points", "business_reachable", "business_name"]
    )
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["umbrella", "member_number", "pk"]
        verbose_name = _("keanggotaan")
        verbose_name_plural = pgettext_lazy("plural", "keanggotaan")
        default_permissions = DATA_PERMISSIONS
        constraints = [
            models.UniqueConstraint(
                fields=["business", "umbrella"],
                condition=Q(status="aktif"),
                name="membership_one_active_per_umbrella",
                violation_error_message=_("Usaha ini sudah menjadi anggota aktif asosiasi ini."),
            ),
            models.UniqueConstraint(
                fields=["umbrella", "member_number"],
                condition=~Q(member_number=""),
                name="membership_number_unique_in_umbrella",
                violation_error_message=_("Nomor anggota ini sudah dipakai."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        # The drive pages' counts (drives.live_totals, drives.drive_page) read only these
        # columns (index-only scans): an umbrella's drive by umbrella, a sub-unit's by
        # association. Key columns rather than INCLUDE, which SQLite does not have.
        indexes = [
            models.Index(
                fields=[
                    "umbrella",
                    "status",
                    "business_active",
                    "association",
                    "business_points",
                    "business_reachable",
                ],
                name="membership_umbrella_counts",
            ),
            models.Index(
                fields=["association", "status", "business_active", "business_points", "business_reachable"],
                name="membership_unit_counts",
            ),
            # The member list, one status at a time by business name (selectors.StatusOrderedIds):
            # the page's ids are the first 50 entries (no join, no sort).
            models.Index(fields=["umbrella", "status", "business_name", "id"], name="membership_list_order"),
            # Applications waiting, oldest first (selectors.pending_applications): a few
            # thousand entries instead of sorting them from the bitmap of every application.
            models.Index(
                fields=["umbrella", "created_at", "id"],
                condition=Q(status="diajukan"),
                name="membership_applications",
            ),
        ]

    def __str__(self):
        return f"{self.business} di {self.association}"

    # Officers see a member's contact for the association's purpose only: while the
    # business is an active member or waits for a decision, not after it left.
    CONTACT_STATUSES = (Status.APPLIED, Status.ACTIVE)

    @property
    def shows_contact(self):
        return self.status in self.CONTACT_STATUSES

    def save(self, *args, **kwargs):
        self.umbrella_id = self.association.umbrella.pk
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.association_id:
            self.umbrella_id = self.association.umbrella.pk
        if self.status == self.Status.ACTIVE and not self.member_number:
            raise ValidationError({"member_number": _("Anggota aktif harus punya nomor anggota.")})
        # Also enforced by a constraint; checked here because forms skip constraints on
        # fields they do not show (umbrella is not editable).
        if self.status == self.Status.ACTIVE and self.business_id and self.umbrella_id:
            others = Membership.objects.filter(
                business_id=self.business_id, umbrella_id=self.umbrella_id, status=self.Status.ACTIVE
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(_("Usaha ini sudah menjadi anggota aktif asosiasi ini."))


# --- Data drives ---------------------------------------------------------------------------


class DataDriveQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Drives of the associations the user runs as an officer (umbrella officers also see
        their sub-units' drives; a sub-unit officer sees only their unit's)."""
        from .selectors import associations_run_by  # selectors import this module

        return self.filter(association__in=associations_run_by(user))

    def running(self, today):
        """Open drives whose period includes `today`: the ones that may still send reminders."""
        return self.filter(status=DataDrive.Status.OPEN, starts_on__lte=today, deadline__gte=today)


class DataDrive(TimeStampedModel):
    """A time-boxed push by officers ("lengkapi data dalam satu minggu") to get their members'
    profiles complete. Progress is computed live from the profiles (organizations.drives);
    the numbers at the start are kept so the officers can show what the drive achieved."""

    class Status(models.TextChoices):
        OPEN = "berjalan", _("Berjalan")
        CLOSED = "ditutup", _("Ditutup")

    class Phase(models.TextChoices):
        """Where a drive stands on a given day (derived from status and dates, not stored)."""

        RUNNING = "berjalan", _("Berjalan")
        LAST_DAY = "hari_terakhir", _("Hari terakhir")
        OVERDUE = "lewat", _("Lewat tenggat")
        CLOSED = "ditutup", _("Ditutup")

    association = models.ForeignKey(
        Association, on_delete=models.PROTECT, related_name="data_drives", verbose_name=_("asosiasi/unit")
    )
    title = models.CharField(_("judul"), max_length=200, default=_("Lengkapi data dalam satu minggu"))
    starts_on = models.DateField(_("tanggal mulai"))
    deadline = models.DateField(_("tenggat"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimulai oleh"),
    )
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    start_member_count = models.PositiveIntegerField(_("jumlah anggota saat mulai"), default=0)
    start_complete_count = models.PositiveIntegerField(_("anggota lengkap saat mulai"), default=0)
    start_average_score = models.PositiveSmallIntegerField(_("rata-rata kelengkapan saat mulai"), default=0)
    # The result, kept when the drive is closed (by an officer, or by the daily job once the
    # deadline has passed): later edits to the profiles do not change what the drive achieved.
    end_member_count = models.PositiveIntegerField(_("jumlah anggota saat ditutup"), null=True, blank=True)
    end_complete_count = models.PositiveIntegerField(_("anggota lengkap saat ditutup"), null=True, blank=True)
    end_average_score = models.PositiveSmallIntegerField(_("rata-rata kelengkapan saat ditutup"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DataDriveQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("pendataan")
        verbose_name_plural = pgettext_lazy("plural", "pendataan")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("starts_on")), name="data_drive_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status="berjalan", closed_at__isnull=True) | Q(status="ditutup", closed_at__isnull=False),
                name="data_drive_closed_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=Q(start_average_score__lte=100) & Q(start_complete_count__lte=models.F("start_member_count")),
                name="data_drive_start_numbers_consistent",
            ),
            models.CheckConstraint(
                condition=(Q(end_average_score__isnull=True) | Q(end_average_score__lte=100))
                & (Q(end_complete_count__isnull=True) | Q(end_complete_count__lte=models.F("end_member_count"))),
                name="data_drive_end_numbers_consistent",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.association}, {self.starts_on:%d-%m-%Y} s.d. {self.deadline:%d-%m-%Y})"

    def clean(self):
        super().clean()
        if self.starts_on and self.deadline and self.deadline < self.starts_on:
            raise ValidationError({"deadline": _("Tenggat tidak boleh sebelum tanggal mulai.")})

    def phase(self, today=None):
        today = today or timezone.localdate()
        if self.status == self.Status.CLOSED:
            return self.Phase.CLOSED
        if today > self.deadline:
            return self.Phase.OVERDUE
        if today == self.deadline:
            return self.Phase.LAST_DAY
        return self.Phase.RUNNING

    def days_left(self, today=None):
        """Whole days until the deadline: 0 on the last day and afterwards."""
        today = today or timezone.localdate()
        return max(0, (self.deadline - today).days)

    def days_overdue(self, today=None):
        today = today or timezone.localdate()
        return max(0, (today - self.deadline).days)

    def may_remind(self, today=None):
        """Reminders go out only while the drive is open and within its period."""
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.starts_on <= today <= self.deadline

    @property
    def start_totals(self):
        return DriveTotals(self.start_member_count, self.start_complete_count, self.start_average_score)

    @property
    def end_totals(self):
        """The numbers kept when the drive was closed, or None while it is open."""
        if self.end_member_count is None:
            return None
        return DriveTotals(self.end_member_count, self.end_complete_count, self.end_average_score)


@dataclass(frozen=True)
class DriveTotals:
    """A drive's numbers at one moment: members, how many are complete, average score."""

    total: int
    complete: int
    average: int

    @property
    def percent(self):
        # Rounded down: 199 of 200 shows 99%, never a misleading 100%.
        return 100 * self.complete // self.total if self.total else 0


class DriveReminder(models.Model):
    """One reminder to one member on one day. The database refuses a second row for the same
    member and day, whichever drive sends it: a member hears from the association at most
    once a day. A row without an email is a notice shown on the owner's page only."""

    drive = models.ForeignKey(
        DataDrive, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("pendataan")
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="drive_reminders", verbose_name=_("keanggotaan")
    )
    sent_on = models.DateField(_("tanggal kirim"))
    email = models.EmailField(_("email"), blank=True)
    missing_items = models.TextField(_("data yang belum lengkap"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikirim oleh"),
        help_text=_("Kosong bila dikirim otomatis oleh jadwal harian."),
    )
    # Rows inserted by one run share a batch: after an INSERT that skips conflicts, the run
    # reads back exactly the members it claimed (and no one another run claimed meanwhile).
    batch = models.UUIDField(_("kelompok kiriman"), db_index=True, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("pengingat pendataan")
        verbose_name_plural = pgettext_lazy("plural", "pengingat pendataan")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "sent_on"],
                name="drive_reminder_once_a_day_per_member",
                violation_error_message=_("Anggota ini sudah diingatkan hari ini."),
            ),
        ]

    def __str__(self):
        return f"{self.membership.business} ({self.sent_on:%d-%m-%Y})"


# --- Import previews ----------------------------------------------------------------------


def import_preview_minutes():
    """How long an uploaded sheet waits for its confirmation (setting IMPORT_PREVIEW_MINUTES, at most 60)."""
    return min(getattr(settings, "IMPORT_PREVIEW_MINUTES", 60), 60)


class ImportPreviewQuerySet(models.QuerySet):
    def expired(self, now=None):
        from datetime import timedelta

        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(minutes=import_preview_minutes()))

    def usable(self, now=None):
        return self.exclude(pk__in=self.expired(now).values("pk"))


class ImportPreview(models.Model):
    """An uploaded sheet between preview and confirm. Its rows hold members' contact data,
    so it lives here (not in a session that lasts for weeks), for at most an hour: deleted
    once applied, replaced by the uploader's next upload, and removed when expired by
    `purge_import_previews`. The session keeps only this row's id."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengunggah")
    )
    kind = models.CharField(_("jenis impor"), max_length=10)
    unit = models.ForeignKey(
        Association, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    payload = models.JSONField(_("isi berkas"))
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True, db_index=True)

    objects = ImportPreviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pratinjau impor")
        verbose_name_plural = pgettext_lazy("plural", "pratinjau impor")

    def __str__(self):
        return _("Pratinjau impor #%(id)s") % {"id": self.pk}

    @property
    def sheets(self):
        return {key: [(line, values) for line, values in rows] for key, rows in self.payload.items()}
