"""The katalog lokal proposal sheet: ready products in one xlsx sheet for the UKPBJ.

Rows are yielded by `ekatalog_rows`; `write_xlsx` streams them with XlsxWriter's
constant_memory mode. Numbers stay numeric; text that a spreadsheet would read as a
formula (= + - @, tab, CR) gets a leading apostrophe.
"""

from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Certification

from .local_content import local_content
from .selectors import ekatalog_products

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_text(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def ekatalog_columns():
    return [
        _("Nama penyedia"),
        _("NIB"),
        _("NPWP"),
        _("KBLI"),
        _("Nama produk"),
        _("Merek"),
        _("Nomor merek (DJKI)"),
        _("SKU"),
        _("Kelompok komoditas"),
        _("Asal produk"),
        _("Satuan"),
        _("Harga satuan (Rp)"),
        _("Kapasitas per bulan"),
        _("Nilai TKDN (%)"),
        _("Nomor sertifikat TKDN"),
        _("Sertifikasi lain"),
        _("Spesifikasi"),
        _("Desa/kelurahan"),
        _("Kecamatan"),
        _("Foto"),
        _("Bahan baku dari Tuban (%)"),
        _("Status usulan UKPBJ"),
        _("Tanggal diusulkan"),
        _("Tanggal diterima"),
        _("Tanggal tayang"),
    ]


def _day(moment):
    return timezone.localtime(moment).date().isoformat() if moment else ""


def ekatalog_rows(build_url=lambda path: path, chunk_size=1000):
    """One row per ready product of an active, verified business."""
    for product in ekatalog_products(verified_only=True).iterator(chunk_size=chunk_size):
        if product.ekatalog_checklist().missing:
            continue
        business = product.business
        certifications = [c for c in product.certifications.all() if not c.is_expired]
        tkdn = next((c for c in certifications if c.kind == Certification.Kind.TKDN), None)
        merek = next((c for c in certifications if c.kind == Certification.Kind.MEREK), None)
        others = [
            f"{c.get_kind_display()} {c.formatted_number()}"
            for c in certifications
            if c.kind not in (Certification.Kind.TKDN, Certification.Kind.MEREK)
        ]
        kbli = product.kbli or business.kbli
        origin = local_content(product)
        proposal = getattr(product, "ekatalog_proposal", None)
        yield [
            business.name,
            business.nib or "",
            business.npwp,
            f"{kbli.code} (KBLI {kbli.version})" if kbli else "",
            product.name,
            business.brand,
            merek.formatted_number() if merek else "",
            product.sku,
            product.get_category_display(),
            origin.label,
            product.get_unit_display(),
            product.price,
            product.production_capacity_per_month,
            tkdn.tkdn_percent if tkdn else None,
            tkdn.formatted_number() if tkdn else "",
            "; ".join(others),
            product.description,
            business.desa.name,
            business.desa.kecamatan.name,
            " ".join(build_url(default_storage.url(photo.image.name)) for photo in product.photos.all()),
            origin.local_share,
            proposal.get_status_display() if proposal else "",
            _day(proposal.proposed_at) if proposal else "",
            _day(proposal.accepted_at) if proposal else "",
            _day(proposal.listed_at) if proposal else "",
        ]


def write_xlsx(columns, rows, money_columns=(11,)):
    output = BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet(_("Katalog lokal")[:31])
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0"})
    for col, title in enumerate(columns):
        sheet.write_string(0, col, title, bold)
    for row_number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, int | float | Decimal):
                sheet.write_number(row_number, col, float(value), money if col in money_columns else None)
            else:
                sheet.write_string(row_number, col, escape_text(value))
    workbook.close()
    return output.getvalue()
