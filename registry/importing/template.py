"""The officers' Excel template: the data sheets with drop-down lists, the instructions,
and the hidden lists the drop-downs read."""

import io
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import widgets

from .. import resources
from ..models import Desa, Kbli
from .sheets import INSTRUCTIONS_TITLE, LISTS_TITLE, MAX_ROWS_PER_SHEET, MAX_UPLOAD_MB, TEMPLATE_SHEETS, _header


def instructions():
    business, product, market = (sheet.title() for sheet in TEMPLATE_SHEETS)
    required = ", ".join(_header(TEMPLATE_SHEETS[0], n) for n in TEMPLATE_SHEETS[0].required_fields)
    return [
        _("Petunjuk pengisian templat data anggota IKM"),
        "",
        _("1. Lembar “%(sheet)s”: satu usaha per baris, mulai baris kedua.") % {"sheet": business},
        _("   Kolom wajib untuk usaha baru: %(columns)s.") % {"columns": required},
        _("2. Lembar “%(sheet)s”: satu produk per baris.") % {"sheet": product},
        _("   Tulis NIB usaha, atau nama usaha persis seperti di lembar “%(business)s”.") % {"business": business},
        _("3. Lembar “%(sheet)s”: ke mana produk dijual. Tulis nama usaha (atau NIB) dan nama produk.")
        % {"sheet": market},
        _("   Porsi penjualan semua wilayah satu produk paling banyak 100%."),
        _("4. Jangan mengubah, menghapus atau memindah nama kolom di baris pertama."),
        _("   Lembar yang tidak dipakai boleh dibiarkan kosong."),
        _("5. Pilih dari daftar turun (drop-down): Kecamatan dahulu, lalu Desa/kelurahan di kecamatan itu; juga KBLI,"),
        _("   satuan dan pilihan lain."),
        _("6. NIB terdiri dari 13 angka. Kosongkan bila usaha belum punya NIB."),
        _("7. Tulis angka tanpa titik, koma ribuan atau huruf, misalnya 25000000 untuk Rp 25 juta."),
        _("8. Tulis tanggal sebagai HH-BB-TTTT, misalnya 17-08-2025."),
        _("9. Jangan memakai rumus (=...); salin lalu tempel sebagai nilai saja."),
        _("10. Usaha dicocokkan dengan NIB, atau bila tanpa NIB dengan nama usaha di desa yang sama:"),
        _("    mengunggah ulang berkas yang sama tidak mengubah apa pun;"),
        _("    sel kosong tidak menghapus data yang sudah ada."),
        _(
            "11. Ukuran berkas paling besar %(mb)s MB dan %(rows)s baris per lembar. "
            "Simpan sebagai .xlsx (atau .ods dari LibreOffice Calc)."
        )
        % {"mb": MAX_UPLOAD_MB, "rows": f"{MAX_ROWS_PER_SHEET:,}".replace(",", ".")},
        _("12. Sebelum disimpan Anda melihat pratinjau: setiap galat disebut baris dan kolomnya."),
        _("    Semua baris tersimpan sekaligus, atau tidak sama sekali."),
    ]


def build_template():
    """The officers' Excel template (bytes): the data sheets, instructions, hidden lists."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header_format = workbook.add_format({"bold": True, "bg_color": "#E8F3EC", "border": 1, "text_wrap": True})
    required_format = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True})
    text_format = workbook.add_format({"num_format": "@"})
    data_sheets = [(sheet, workbook.add_worksheet(sheet.title())) for sheet in TEMPLATE_SHEETS]
    guide = workbook.add_worksheet(str(INSTRUCTIONS_TITLE))
    lists = workbook.add_worksheet(str(LISTS_TITLE))

    desa_by_kecamatan = {}
    for desa in Desa.objects.select_related("kecamatan").order_by("kecamatan__name", "name"):
        desa_by_kecamatan.setdefault(desa.kecamatan.name, []).append(desa.name)
    sources = {
        "kecamatan": sorted(desa_by_kecamatan),
        "kbli": sorted({k.code for k in Kbli.objects.only("code")}),
    }
    list_ranges = {}

    def list_range(key, items):
        if key not in list_ranges:
            index = len(list_ranges)
            lists.write_string(0, index, key)
            for offset, item in enumerate(items, start=1):
                lists.write_string(offset, index, str(item))
            letter = xlsxwriter.utility.xl_col_to_name(index)
            list_ranges[key] = f"='{lists.name}'!${letter}$2:${letter}${max(len(items), 1) + 1}"
        return list_ranges[key]

    # Desa depend on the kecamatan of the row: one named list per kecamatan ("desa_Kerek"),
    # picked by INDIRECT from the kecamatan cell, so the drop-down offers that kecamatan's desa.
    for kecamatan, names in desa_by_kecamatan.items():
        list_range(f"desa {kecamatan}", names)
        workbook.define_name(_desa_list_name(kecamatan), list_ranges[f"desa {kecamatan}"])

    for sheet, worksheet in data_sheets:
        for index, name in enumerate(sheet.template_fields):
            resource_field = sheet.fields[name]
            header = str(resource_field.column_name)
            worksheet.write_string(
                0, index, header, required_format if name in sheet.required_fields else header_format
            )
            textual = name in ("nib", "business_nib", "kbli", "phone", "sku")
            worksheet.set_column(index, index, min(max(14, len(header) + 2), 34), text_format if textual else None)
            source = None
            if name in ("kecamatan_name",):
                source = list_range("kecamatan", sources["kecamatan"])
            elif name == "desa_name":
                kecamatan_cell = xlsxwriter.utility.xl_rowcol_to_cell(1, sheet.template_fields.index("kecamatan_name"))
                source = f'=INDIRECT("desa_"&SUBSTITUTE({kecamatan_cell}," ","_"))'

            elif name == "kbli":
                source = list_range("kbli", sources["kbli"])
            elif isinstance(resource_field.widget, resources.ChoiceWidget):
                labels = [str(label) for _code, label in resource_field.widget.choices]
                source = list_range(f"{sheet.key}.{name}", labels)
            validation = None
            if source:
                validation = {
                    "validate": "list",
                    "source": source,
                    # KBLI: the list holds the codes seen in Tuban, others exist. Desa: an empty
                    # kecamatan leaves the list empty; the import checks the pair anyway.
                    "error_type": "warning" if name in ("kbli", "desa_name") else "stop",
                    "error_title": _("Pilihan tidak dikenal"),
                    "error_message": _("Pilih dari daftar."),
                }
            elif isinstance(resource_field.widget, widgets.IntegerWidget | widgets.DecimalWidget):
                validation = {
                    "validate": "integer" if isinstance(resource_field.widget, widgets.IntegerWidget) else "decimal",
                    "criteria": ">=",
                    "value": 0,
                    "error_title": _("Bukan angka"),
                    "error_message": _("Tulis angka 0 atau lebih, tanpa titik ribuan atau huruf."),
                }
            if validation:
                worksheet.data_validation(1, index, MAX_ROWS_PER_SHEET, index, validation)
        worksheet.freeze_panes(1, 0)
        worksheet.set_row(0, 32)
    for line, sentence in enumerate(instructions()):
        guide.write_string(line, 0, str(sentence))
    guide.set_column(0, 0, 120)
    guide.activate()
    data_sheets[0][1].activate()
    lists.hide()
    workbook.close()
    return output.getvalue()


def _desa_list_name(kecamatan):
    return "desa_" + re.sub(r"\W", "_", kecamatan)


def timestamp():
    return timezone.localtime().strftime("%Y%m%d-%H%M")
