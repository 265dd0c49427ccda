"""What the dashboard keeps of its own: map boundaries and the log of every export."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Boundary(models.Model):
    """The outline of a desa/kelurahan (or a kecamatan) for the map, keyed by its Kemendagri code.

    Display only, never a legal boundary. Loaded from an operator-supplied GeoJSON file by
    `load_boundaries`; the codes must exist in the region tables.
    """

    class Level(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        DESA = "desa", _("Desa/kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, primary_key=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    name = models.CharField(_("nama"), max_length=100)
    geometry = models.JSONField(_("geometri (GeoJSON)"))
    centre_lat = models.FloatField(_("lintang titik tengah"))
    centre_lng = models.FloatField(_("bujur titik tengah"))
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("batas wilayah")
        verbose_name_plural = pgettext_lazy("plural", "batas wilayah")

    def __str__(self):
        return f"{self.code} {self.name}"


class ExportLog(models.Model):
    """One row per export (UU 27/2022: record who took personal data away, and what)."""

    class Dataset(models.TextChoices):
        BUSINESSES = "businesses", _("Usaha IKM")
        PRODUCTS = "products", _("Produk")
        PRODUCTION = "production", _("Laporan produksi")
        MARKETS = "markets", _("Wilayah pemasaran")
        MEMBERSHIPS = "memberships", _("Keanggotaan asosiasi")
        ASSISTANCE = "assistance", _("Bantuan")
        OPENDATA = "opendata", _("Data terbuka (agregat)")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        CSV = "csv", "CSV"
        # Semicolons, decimal commas, a BOM and identifiers kept as text: Excel with
        # Indonesian regional settings opens it by double-click (see dashboard/exporting.py).
        CSV_EXCEL = "csv-excel", _("CSV untuk Excel")

    class Source(models.TextChoices):
        DASHBOARD = "dasbor", _("Dasbor")
        ADMIN = "admin", _("Admin")
        COMMAND = "perintah", _("Perintah sistem")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
        help_text=_("Kosong untuk ekspor oleh sistem (perintah manage.py)."),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    dataset = models.CharField(_("data"), max_length=12, choices=Dataset.choices)
    file_format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    source = models.CharField(_("asal"), max_length=10, choices=Source.choices)
    filters = models.JSONField(_("saringan"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    personal_data = models.BooleanField(_("memuat data pribadi"), default=False)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catatan ekspor")
        verbose_name_plural = pgettext_lazy("plural", "catatan ekspor")

    def __str__(self):
        who = self.user or _("sistem")
        return f"{self.get_dataset_display()} ({self.file_format}) · {who} · {self.created_at:%Y-%m-%d %H:%M}"


def personal_data_log_days():
    """How long access-log rows are kept (setting PERSONAL_DATA_LOG_DAYS, default 2 years)."""
    return getattr(settings, "PERSONAL_DATA_LOG_DAYS", 730)


class PersonalDataAccessQuerySet(models.QuerySet):
    def expired(self, now=None):
        from datetime import timedelta

        from django.utils import timezone

        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=personal_data_log_days()))


class PersonalDataAccess(models.Model):
    """Who saw or exported whose personal data, and where (UU 27/2022). Written only when
    personal data was actually shown, i.e. the user holds "registry.view_personal_data".
    Kept for PERSONAL_DATA_LOG_DAYS days, then removed by `purge_personal_data_log`."""

    class Action(models.TextChoices):
        VIEW = "lihat", _("Melihat")
        EXPORT = "ekspor", _("Mengekspor")

    class Source(models.TextChoices):
        ADMIN = "admin", _("Admin")
        REVIEW = "verifikasi", _("Antrean verifikasi Dinas")
        PRINT = "cetak", _("Halaman cetak")
        OFFICER = "asosiasi", _("Halaman pengurus asosiasi")
        EXPORT = "ekspor", _("Ekspor")

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pengguna"),
        help_text=_("Kosong untuk ekspor oleh sistem (perintah manage.py)."),
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    source = models.CharField(_("tempat"), max_length=12, choices=Source.choices)
    # Whose data: the record opened (model and id; no name, the log itself holds no personal data).
    model = models.CharField(_("jenis data"), max_length=100, blank=True)
    object_id = models.CharField(_("ID data"), max_length=40, blank=True)
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("usaha"),
    )
    export = models.ForeignKey(
        ExportLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ekspor")
    )
    path = models.CharField(_("alamat halaman"), max_length=300, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catatan akses data pribadi")
        verbose_name_plural = pgettext_lazy("plural", "catatan akses data pribadi")
        indexes = [models.Index(fields=["business", "created_at"], name="personal_access_business")]

    def __str__(self):
        who = self.user or _("sistem")
        return f"{self.get_action_display()} {self.model} #{self.object_id} · {who}"
