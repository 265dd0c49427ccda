"""What the dashboard keeps of its own: map boundaries and the log of every export."""

import json

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
    # The same geometry as compact JSON text, written with it (boundaries.boundaries_load):
    # the map data splices it into its response as is. Read from the jsonb column, the 850 KB
    # of Tuban's desa cost 15 ms to turn into text and more to parse and re-encode.
    geometry_text = models.TextField(editable=False, default="")
    centre_lat = models.FloatField(_("lintang titik tengah"))
    centre_lng = models.FloatField(_("bujur titik tengah"))
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("batas wilayah")
        verbose_name_plural = pgettext_lazy("plural", "batas wilayah")

    def __str__(self):
        return f"{self.code} {self.name}"

    @staticmethod
    def geometry_as_text(geometry):
        return json.dumps(geometry, separators=(",", ":"))


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


class SummaryCell(models.Model):
    """One cell of the dashboard's summary: sums over the businesses that share its filter values.

    Why a cube and not a row per business: a row per business per year is still 100,000 rows
    (or 400,000 with years) to aggregate for every panel, 20-60 ms each at 100,000 businesses.
    Cells group businesses by exactly the values the dashboard filters on, so a panel reads
    one slice of a few thousand cells:

    - `kecamatan`, `industry_class` ("" for none) and `started`: the year the business started,
      floored to `summary.STARTED_FLOOR` (a year filter Y keeps `started <= Y`; for a year
      before the floor the dashboard computes live);
    - `commodity` and `kbli` are facets: a business belongs to "" / 0 (no filter) and to every
      commodity group and KBLI it is counted under by that filter (its own KBLI or a product's),
      so a filter reads its facet and never double counts. Product-level figures of a facet
      count only the products in that group/KBLI, as `Scope.products()` does;
    - `kind` says which figure a row holds, `year`, `key` and `key2` its breakdown (see
      `summary.KINDS` for what `n1..n4` and `d1..d3` mean per kind).

    Kept current on write, in the writer's transaction (`summary.refresh_for_businesses`):
    each business's contribution is kept in `SummaryBusiness.facts`, a change adds
    new - old to the cells with one INSERT .. ON CONFLICT DO UPDATE (additive, so two writers
    never lose each other's update). `rebuild_dashboard_summary` recomputes everything.
    """

    kind = models.CharField(max_length=4)
    commodity = models.CharField(max_length=30, default="")
    kbli = models.IntegerField(default=0)
    kecamatan = models.CharField(max_length=8)
    industry_class = models.CharField(max_length=20, default="")
    started = models.SmallIntegerField()
    year = models.SmallIntegerField(default=0)
    key = models.CharField(max_length=40, default="")
    key2 = models.CharField(max_length=20, default="")
    n1 = models.BigIntegerField(default=0)
    n2 = models.BigIntegerField(default=0)
    n3 = models.BigIntegerField(default=0)
    n4 = models.BigIntegerField(default=0)
    d1 = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    d2 = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    d3 = models.DecimalField(max_digits=24, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "commodity", "kbli", "kecamatan", "industry_class", "started", "year", "key", "key2"],
                name="summary_cell_unique",
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.commodity}/{self.kbli} {self.kecamatan} {self.year} {self.key} {self.key2}"


class SummaryBusiness(models.Model):
    """What one business adds to the summary cells (its facts), so a change can take the
    old contribution away (see summary.compute for its form)."""

    business_id = models.BigIntegerField(primary_key=True)
    facts = models.JSONField(default=list)

    def __str__(self):
        return str(self.business_id)


class SummaryProductYear(models.Model):
    """Production value per product and year (counted reports), for the top products: the
    largest values of a year are read from the index `summary_top_year` in order."""

    # Plain columns to the registry (no constraint: the summary follows it, never blocks it).
    product = models.ForeignKey(
        "registry.Product", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    business_id = models.BigIntegerField(db_index=True)
    year = models.SmallIntegerField()
    commodity = models.CharField(max_length=30)
    kbli = models.IntegerField(default=0)
    kecamatan = models.CharField(max_length=8)
    industry_class = models.CharField(max_length=20, default="")
    started = models.SmallIntegerField()
    value = models.DecimalField(max_digits=24, decimal_places=2)
    quantity = models.DecimalField(max_digits=24, decimal_places=4)

    class Meta:
        indexes = [
            models.Index(fields=["year", "-value", "product_id"], name="summary_top_year"),
            models.Index(fields=["year", "kecamatan", "-value"], name="summary_top_kecamatan"),
            models.Index(fields=["year", "commodity", "-value"], name="summary_top_commodity"),
            models.Index(fields=["year", "kbli", "-value"], name="summary_top_kbli"),
        ]

    def __str__(self):
        return f"{self.product_id} {self.year}"


class SummaryAidDelivery(models.Model):
    """Confirmed delivered aid per business, kind and year, kept only for the businesses that
    received a kind more than once: the dashboard's list of repeated aid reads these few rows
    (about 1,000 at 100,000 businesses) instead of grouping every delivery (30 ms)."""

    business_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=12)
    year = models.SmallIntegerField()
    times = models.IntegerField()
    value = models.DecimalField(max_digits=24, decimal_places=2, null=True)

    def __str__(self):
        return f"{self.business_id} {self.kind} {self.year}"


class SummaryState(models.Model):
    """Present while the summary is complete (the migration on an empty registry, or
    `rebuild_dashboard_summary`); without it the dashboard computes every figure live."""

    built_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.built_at)
