"""The open-data export (Satu Data Indonesia, Perpres 39/2019): aggregates only, with metadata.

One row per kecamatan x commodity group x industry class: number of active IKM, their
workers by gender and their production value in the reference year. No business can be
singled out: a cell built from fewer than thresholds.OPEN_DATA_MINIMUM_UNITS businesses keeps its count
but leaves its workers and production value blank (statistical disclosure control), and
the metadata sheet says so.
"""

from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from registry import thresholds
from registry.models import Business, CommodityGroup, Kecamatan, Product

from .exporting import XlsxBook, csv_lines
from .scope import NO_CLASS, Scope

SOURCE = "Registri IKM Kabupaten Tuban, Dinas Ketenagakerjaan dan Perindustrian Kabupaten Tuban"
UNKNOWN_GROUP = "tidak_diketahui"
CENTS = Decimal("0.01")


def main_commodity_group():
    """A business's commodity group: its KBLI's group, else its first product's category."""
    first_product = Product.objects.filter(business=OuterRef("pk")).order_by("pk").values("category")[:1]
    return Coalesce(NullIf(F("kbli__group"), Value("")), Subquery(first_product), Value(UNKNOWN_GROUP))


def headers():
    return [
        _("Tahun data produksi"),
        _("Kode kecamatan"),
        _("Kecamatan"),
        _("Kode kelompok komoditas"),
        _("Kelompok komoditas"),
        _("Kelas industri"),
        _("Jumlah IKM aktif"),
        _("Tenaga kerja laki-laki"),
        _("Tenaga kerja perempuan"),
        _("Jumlah tenaga kerja"),
        _("Nilai produksi (Rp)"),
        _("Keterangan"),
    ]


def open_data_rows(scope: Scope):
    """The aggregate rows, as lists of cell values (bounded: 20 x 11 x 4 at most)."""
    year = scope.reference_year()
    active = scope.businesses().filter(status=Business.Status.ACTIVE)
    counts = {
        (row["desa__kecamatan"], row["group"], row["industry_class"] or NO_CLASS): row
        for row in active.annotate(group=main_commodity_group())
        .values("desa__kecamatan", "group", "industry_class")
        .annotate(count=Count("pk"), male=Sum("workers_male"), female=Sum("workers_female"))
        .order_by()
    }
    values = {
        (
            row["product__business__desa__kecamatan"],
            row["product__category"],
            row["product__business__industry_class"] or NO_CLASS,
        ): row
        for row in scope.reports(year=year)
        .filter(product__business__status=Business.Status.ACTIVE)
        .values("product__business__desa__kecamatan", "product__category", "product__business__industry_class")
        .annotate(
            value=Sum("production_value"),
            units=Count("product__business", distinct=True),
        )
        .order_by()
    }
    names = dict(Kecamatan.objects.values_list("code", "name"))
    groups = dict(CommodityGroup.choices) | {UNKNOWN_GROUP: _("Belum diketahui")}
    classes = dict(Business.IndustryClass.choices) | {NO_CLASS: _("Belum dapat dihitung")}
    group_order = list(groups)
    class_order = list(classes)

    def order(key):
        kecamatan, group, cls = key
        return (kecamatan, group_order.index(group), class_order.index(cls))

    rows = []
    for key in sorted(set(counts) | set(values), key=order):
        kecamatan, group, cls = key
        count = counts.get(key, {})
        n = count.get("count") or 0
        male, female = count.get("male") or 0, count.get("female") or 0
        value = values.get(key, {})
        notes = []
        if n and n < thresholds.OPEN_DATA_MINIMUM_UNITS:
            male = female = total = None
            notes.append(
                _("tenaga kerja disamarkan (kurang dari %(n)s usaha)") % {"n": thresholds.OPEN_DATA_MINIMUM_UNITS}
            )
        else:
            total = male + female
        production = value.get("value")
        if production is not None:
            production = Decimal(production).quantize(CENTS)  # same text on SQLite and PostgreSQL
        if value and value["units"] < thresholds.OPEN_DATA_MINIMUM_UNITS:
            production = None
            notes.append(
                _("nilai produksi disamarkan (kurang dari %(n)s usaha)") % {"n": thresholds.OPEN_DATA_MINIMUM_UNITS}
            )
        rows.append(
            [
                year,
                kecamatan,
                names.get(kecamatan, ""),
                group,
                str(groups.get(group, group)),
                str(classes.get(cls, cls)),
                n,
                male,
                female,
                total,
                production,
                "; ".join(str(note) for note in notes),
            ]
        )
    return rows


def metadata_rows(scope: Scope):
    """Satu Data metadata: per column its concept, definition, classification, unit, source, date."""
    today = timezone.localdate().isoformat()
    year = scope.reference_year()
    filters = scope.filters.params()
    scope_note = (
        _("Saringan: %(filters)s") % {"filters": ", ".join(f"{k}={v}" for k, v in filters.items())}
        if filters
        else _("Seluruh Kabupaten Tuban")
    )
    suppressed = _("Sel dari kurang dari %(n)s usaha tidak ditampilkan agar tidak ada usaha yang dapat dikenali.") % {
        "n": thresholds.OPEN_DATA_MINIMUM_UNITS
    }
    columns = [
        (_("Tahun data produksi"), _("Periode"), _("Tahun laporan produksi yang dijumlahkan."), "", _("tahun")),
        (
            _("Kode kecamatan"),
            _("Wilayah administrasi"),
            _("Kode wilayah Kemendagri kecamatan tempat usaha berada."),
            _("Kepmendagri 300.2.2-2138/2025"),
            "",
        ),
        (_("Kecamatan"), _("Wilayah administrasi"), _("Nama kecamatan."), _("Kepmendagri 300.2.2-2138/2025"), ""),
        (
            _("Kode kelompok komoditas"),
            _("Kelompok komoditas"),
            _("Kelompok komoditas utama usaha: kelompok KBLI usaha, atau kategori produk pertamanya bila KBLI kosong."),
            _("Kelompok OVOP Kemenperin dan kelompok lain registri"),
            "",
        ),
        (_("Kelompok komoditas"), _("Kelompok komoditas"), _("Nama kelompok komoditas."), "", ""),
        (
            _("Kelas industri"),
            _("Skala usaha industri"),
            _("Kelas menurut tenaga kerja dan nilai investasi tanpa tanah dan bangunan."),
            _("Permenperin 64/M-IND/PER/7/2016"),
            "",
        ),
        (
            _("Jumlah IKM aktif"),
            _("Industri kecil menengah"),
            _("Banyaknya usaha berstatus aktif di registri."),
            "",
            _("unit usaha"),
        ),
        (
            _("Tenaga kerja laki-laki"),
            _("Tenaga kerja"),
            _("Jumlah tenaga kerja laki-laki usaha aktif. %(s)s") % {"s": suppressed},
            "",
            _("orang"),
        ),
        (
            _("Tenaga kerja perempuan"),
            _("Tenaga kerja"),
            _("Jumlah tenaga kerja perempuan usaha aktif. %(s)s") % {"s": suppressed},
            "",
            _("orang"),
        ),
        (_("Jumlah tenaga kerja"), _("Tenaga kerja"), _("Laki-laki ditambah perempuan."), "", _("orang")),
        (
            _("Nilai produksi (Rp)"),
            _("Nilai produksi"),
            _(
                "Jumlah nilai produksi dalam laporan produksi yang diajukan atau terverifikasi pada tahun data, "
                "menurut kelompok komoditas produk. %(s)s"
            )
            % {"s": suppressed},
            "",
            _("rupiah"),
        ),
        (_("Keterangan"), _("Catatan"), _("Sel yang disamarkan dan alasannya."), "", ""),
    ]
    header = [
        _("Kolom"),
        pgettext("open data metadata column", "Konsep"),
        _("Definisi"),
        _("Klasifikasi"),
        _("Satuan"),
        _("Sumber"),
        _("Tanggal data"),
    ]
    rows = [[*column, SOURCE, today] for column in columns]
    rows.append(
        [
            _("(cakupan)"),
            _("Cakupan data"),
            f"{scope_note}. " + _("Tahun data produksi: %(year)s.") % {"year": year},
            "",
            "",
            SOURCE,
            today,
        ]
    )
    return header, rows


def write_open_data(scope: Scope, file_format, fileobj):
    """The data (and in xlsx a second sheet, "Metadata"); returns the number of data rows."""
    rows = open_data_rows(scope)
    if file_format == "xlsx":
        book = XlsxBook(fileobj)
        sheet = book.sheet(_("Data"), headers())
        for row in rows:
            sheet.write(row)
        sheet.finish()
        meta_header, meta_rows = metadata_rows(scope)
        meta = book.sheet(_("Metadata"), meta_header)
        for row in meta_rows:
            meta.write([str(cell) for cell in row])
        book.close()
    else:
        for line in csv_lines(headers(), rows, file_format):
            fileobj.write(line.encode("utf-8"))
    return len(rows)


def write_open_data_metadata_csv(scope: Scope, fileobj, file_format="csv"):
    header, rows = metadata_rows(scope)
    for line in csv_lines(header, ([str(cell) for cell in row] for row in rows), file_format):
        fileobj.write(line.encode("utf-8"))
    return len(rows)
