"""The umbrella association of Tuban's IKM, its sub-units, officers and members."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.models import Business, Kecamatan
from tuban_ikm.models import DATA_PERMISSIONS, TimeStampedModel


class Association(TimeStampedModel):
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
        return f"{self.get_role_display()} {self.association}: {self.user.get_full_name() or self.user.username}"


class Membership(TimeStampedModel):
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
    history = HistoricalRecords()

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

    def __str__(self):
        return f"{self.business} di {self.association}"

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
