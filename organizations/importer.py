"""The members' spreadsheet import, shared by the officers' page and `import_registry`.

Three steps, as pretix does it: read the workbook into plain rows (refusing bad files),
validate every row against reference tables loaded once, then apply all rows in one
transaction or none. Rows are matched by NIB, else by business name within the desa, so a
re-import changes nothing and an edited sheet updates instead of duplicating.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl  # uses defusedxml when it is installed, refusing hostile XML
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.exceptions import InvalidFileException

from accounts.services import invitation_create
from registry.models import Business, Desa, Kbli, Kecamatan
from registry.validators import normalize_phone

from .models import Membership
from .services import next_member_number

SHEET_TITLE = gettext_lazy("Usaha IKM")
MAX_ROWS = 20000

NEW = "baru"
UPDATED = "diperbarui"
UNCHANGED = "tidak berubah"
ERROR = "galat"
STATUS_LABELS = {
    NEW: gettext_lazy("Baru"),
    UPDATED: gettext_lazy("Diperbarui"),
    UNCHANGED: gettext_lazy("Tidak berubah"),
    ERROR: gettext_lazy("Galat"),
}


@dataclass(frozen=True)
class Column:
    key: str
    header: object
    kind: str = "text"  # text, integer, number, choice, date, nib
    required: bool = False
    expected: bool = True  # must be present in the header row
    choices: tuple = ()


# Headers follow registry/resources.py BusinessResource so that its export reads back in.
COLUMNS = (
    Column("nib", gettext_lazy("NIB"), "nib"),
    Column("name", gettext_lazy("Nama usaha"), required=True),
    Column("legal_form", gettext_lazy("Bentuk badan usaha"), "choice", choices=tuple(Business.LegalForm.choices)),
    Column("owner_name", gettext_lazy("Nama pemilik"), required=True),
    Column(
        "owner_gender", gettext_lazy("Jenis kelamin pemilik"), "choice", True, choices=tuple(Business.Gender.choices)
    ),
    Column("phone", gettext_lazy("Telepon/WA")),
    Column("email", gettext_lazy("Email")),
    Column("address", gettext_lazy("Alamat"), required=True),
    Column("kecamatan", gettext_lazy("Kecamatan"), required=True),
    Column("desa", gettext_lazy("Desa/kelurahan"), required=True),
    Column("year_started", gettext_lazy("Tahun mulai usaha"), "integer"),
    Column("kbli", gettext_lazy("Kode KBLI")),
    Column("workers_male", gettext_lazy("Tenaga kerja laki-laki"), "integer"),
    Column("workers_female", gettext_lazy("Tenaga kerja perempuan"), "integer"),
    Column("investment", gettext_lazy("Nilai investasi (Rp)"), "number"),
    Column("yearly_sales", gettext_lazy("Omzet per tahun (Rp)"), "number"),
    Column("joined_on", gettext_lazy("Tanggal bergabung"), "date", expected=False),
)
BUSINESS_FIELDS = (
    "nib",
    "name",
    "legal_form",
    "owner_name",
    "owner_gender",
    "phone",
    "email",
    "address",
    "desa",
    "year_started",
    "kbli",
    "workers_male",
    "workers_female",
    "investment",
    "yearly_sales",
)
NULLABLE = ("nib", "desa", "kbli", "year_started", "investment", "yearly_sales")
DEFAULTS = {"legal_form": Business.LegalForm.PERORANGAN, "workers_male": 0, "workers_female": 0}


class BadFile(Exception):
    """The workbook cannot be imported at all; the message says why, in Indonesian."""


# --- Step 1: read -----------------------------------------------------------------------


def _plain(value):
    # Rows travel through the session as JSON: dates get a marker, everything else is
    # already str, int, float, bool or None.
    if isinstance(value, datetime.datetime):
        return {"date": value.date().isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return str(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_workbook(data):
    """Return [(line, {column key: value}), ...] from xlsx bytes, or raise BadFile."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, OSError):
        # A password-protected workbook is an encrypted OLE file, not a zip: same path.
        raise BadFile(
            _("Berkas bukan buku kerja Excel yang dapat dibaca: rusak, dilindungi kata sandi, atau bukan .xlsx.")
        ) from None
    except Exception:  # noqa: BLE001 - hostile or broken XML raises many kinds of errors
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    try:
        title = str(SHEET_TITLE)
        sheet = workbook[title] if title in workbook.sheetnames else workbook.worksheets[0]
        return _read_sheet(sheet)
    except BadFile:
        raise
    except Exception:  # noqa: BLE001
        raise BadFile(_("Isi buku kerja Excel rusak atau tidak aman dibaca.")) from None
    finally:
        workbook.close()


def _read_sheet(sheet):
    rows = sheet.iter_rows()
    header_cells = next(rows, None)
    headers = [str(cell.value).strip().lower() if cell.value is not None else "" for cell in header_cells or ()]
    if not any(headers):
        raise BadFile(_("Lembar kerja kosong: baris pertama harus berisi nama kolom dari templat."))
    positions = {}
    for column in COLUMNS:
        wanted = str(column.header).lower()
        if wanted in headers:
            positions[column.key] = headers.index(wanted)
    missing = [str(c.header) for c in COLUMNS if c.expected and c.key not in positions]
    if missing:
        raise BadFile(
            _("Kolom berikut tidak ditemukan (hilang atau namanya diubah): %(columns)s. Gunakan templat terbaru.")
            % {"columns": ", ".join(missing)}
        )
    result = []
    for line, cells in enumerate(rows, start=2):
        if line > MAX_ROWS + 1:
            raise BadFile(_("Terlalu banyak baris: paling banyak %(max)s baris per berkas.") % {"max": MAX_ROWS})
        cells = list(cells)
        for cell in cells:
            if getattr(cell, "data_type", None) == "f":
                raise BadFile(
                    _("Baris %(line)s berisi rumus (%(formula)s). Salin lalu tempel sebagai nilai saja.")
                    % {"line": line, "formula": str(cell.value)[:40]}
                )
        values = {key: _plain(cells[index].value) if index < len(cells) else None for key, index in positions.items()}
        if any(value is not None for value in values.values()):
            result.append((line, values))
    if not result:
        raise BadFile(_("Lembar kerja tidak berisi data: isi minimal satu baris di bawah nama kolom."))
    return result


# --- Step 2: validate -------------------------------------------------------------------


@dataclass
class RowResult:
    line: int
    values: dict
    status: str = NEW
    errors: dict = field(default_factory=dict)  # column header -> message
    business: Business | None = None
    joined_on: datetime.date | None = None
    needs_membership: bool = False

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def cells(self):
        """(header, shown value, error) per column, for the preview table."""
        return [(str(c.header), _shown(self.values.get(c.key)), self.errors.get(str(c.header), "")) for c in COLUMNS]


def _shown(value):
    if isinstance(value, dict):
        return value.get("date", "")
    return "" if value is None else value


@dataclass
class Preview:
    rows: list

    @property
    def has_errors(self):
        return any(row.status == ERROR for row in self.rows)

    def count(self, status):
        return sum(row.status == status for row in self.rows)

    @property
    def counts(self):
        return {str(STATUS_LABELS[s]): self.count(s) for s in (NEW, UPDATED, UNCHANGED, ERROR)}

    @property
    def error_rows(self):
        return [row for row in self.rows if row.status == ERROR]


class References:
    """Reference tables loaded once per import, not once per row."""

    def __init__(self):
        self.kecamatan = {k.name.lower(): k for k in Kecamatan.objects.all()}
        self.desa = {}
        self.desa_names = set()
        for desa in Desa.objects.select_related("kecamatan"):
            self.desa[(desa.kecamatan.name.lower(), desa.name.lower())] = desa
            self.desa_names.add(desa.name.lower())
        self.kbli = {}
        for kbli in Kbli.objects.order_by("version"):  # the newest version wins
            self.kbli[kbli.code] = kbli


def _convert(column, value):
    """Return the Python value of one cell or raise ValidationError with the reason."""
    if value is None:
        if column.required:
            raise ValidationError(_("Wajib diisi."))
        return None
    if column.kind == "nib":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).replace(" ", "").replace(".", "")
        if not (text.isdigit() and len(text) == 13):
            raise ValidationError(_("NIB harus terdiri dari 13 angka."))
        return text
    if column.kind in ("integer", "number"):
        if isinstance(value, str):
            raise ValidationError(_("Angka ditulis sebagai teks; tulis angka saja tanpa titik atau huruf."))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(_("Harus berupa angka."))
        if value < 0:
            raise ValidationError(_("Tidak boleh negatif."))
        if column.kind == "integer":
            if isinstance(value, float) and not value.is_integer():
                raise ValidationError(_("Harus bilangan bulat."))
            return int(value)
        try:
            # openpyxl returns floats: through str() so 0.1 stays 0.1 (see PITFALLS).
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError(_("Angka terlalu besar.")) from None
    if column.kind == "date":
        if isinstance(value, dict):
            return datetime.date.fromisoformat(value["date"])
        for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(str(value), pattern).date()
            except ValueError:
                continue
        raise ValidationError(_("Format tanggal tidak dikenal; tulis sebagai HH-BB-TTTT, misalnya 17-08-2025."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value) if not isinstance(value, dict) else value.get("date", "")
    if column.kind == "choice":
        for stored, label in column.choices:
            if text.lower() in (str(stored).lower(), str(label).lower()):
                return stored
        raise ValidationError(
            _("Pilihan tidak dikenal; gunakan salah satu: %(choices)s.")
            % {"choices": ", ".join(str(label) for _value, label in column.choices)}
        )
    return text


def validate_rows(raw_rows, *, association=None, editable_ids=None):
    """Check every row and say what applying it would do; writes nothing.

    `editable_ids`: ids of existing businesses the importer may update (an officer's
    members); None means any (Dinas on the command line).
    """
    refs = References()
    by_header = {c.key: str(c.header) for c in COLUMNS}
    results = []
    for line, values in raw_rows:
        row = RowResult(line=line, values=values)
        cleaned = {}
        for column in COLUMNS:
            try:
                cleaned[column.key] = _convert(column, values.get(column.key))
            except ValidationError as error:
                row.errors[str(column.header)] = " ".join(error.messages)
        _resolve_region(row, cleaned, refs, by_header)
        if cleaned.get("kbli"):
            kbli = refs.kbli.get(str(cleaned["kbli"]))
            if kbli is None:
                row.errors[by_header["kbli"]] = _("Kode KBLI tidak dikenal.")
            cleaned["kbli"] = kbli
        if cleaned.get("phone"):
            try:
                cleaned["phone"] = normalize_phone(str(cleaned["phone"]))
            except ValidationError as error:
                row.errors[by_header["phone"]] = " ".join(error.messages)
        if cleaned.get("email"):
            try:
                validate_email(cleaned["email"])
            except ValidationError:
                row.errors[by_header["email"]] = _("Alamat email tidak sah.")
        row.cleaned = cleaned
        row.joined_on = cleaned.get("joined_on")
        results.append(row)

    _check_duplicates_in_file(results, by_header)
    _match_existing(results)
    association_ids = set()
    if association is not None:
        association_ids = set(
            Membership.objects.filter(
                umbrella_id=association.umbrella.pk,
                status__in=[Membership.Status.ACTIVE, Membership.Status.APPLIED],
                business_id__in=[r.business.pk for r in results if r.business],
            ).values_list("business_id", flat=True)
        )
    for row in results:
        _finish_row(row, association, association_ids, editable_ids, by_header)
    return Preview(results)


def _resolve_region(row, cleaned, refs, by_header):
    kecamatan_name, desa_name = cleaned.get("kecamatan"), cleaned.get("desa")
    cleaned["desa"] = None
    if kecamatan_name and kecamatan_name.lower() not in refs.kecamatan:
        row.errors[by_header["kecamatan"]] = _("Kecamatan tidak dikenal di Kabupaten Tuban.")
        return
    if not (kecamatan_name and desa_name):
        return
    desa = refs.desa.get((kecamatan_name.lower(), desa_name.lower()))
    if desa is None:
        if desa_name.lower() in refs.desa_names:
            row.errors[by_header["desa"]] = _("Desa %(desa)s tidak berada di Kecamatan %(kecamatan)s.") % {
                "desa": desa_name,
                "kecamatan": kecamatan_name,
            }
        else:
            row.errors[by_header["desa"]] = _("Desa/kelurahan tidak dikenal.")
    cleaned["desa"] = desa


def _check_duplicates_in_file(results, by_header):
    seen_nib, seen_name = {}, {}
    for row in results:
        nib = row.cleaned.get("nib")
        if nib:
            if nib in seen_nib:
                row.errors[by_header["nib"]] = _("NIB ini sudah ada di baris %(line)s berkas ini.") % {
                    "line": seen_nib[nib]
                }
            else:
                seen_nib[nib] = row.line
        elif row.cleaned.get("name") and row.cleaned.get("desa"):
            key = (row.cleaned["name"].lower(), row.cleaned["desa"].pk)
            if key in seen_name:
                message = _("Usaha dengan nama ini di desa yang sama sudah ada di baris %(line)s.")
                row.errors[by_header["name"]] = message % {"line": seen_name[key]}
            else:
                seen_name[key] = row.line


def _match_existing(results):
    """Attach the existing business of each row: by NIB, else by name within the desa."""
    nibs = {row.cleaned["nib"] for row in results if row.cleaned.get("nib")}
    by_nib = {b.nib: b for b in Business.objects.filter(nib__in=nibs)} if nibs else {}
    desa_ids = {row.cleaned["desa"].pk for row in results if row.cleaned.get("desa")}
    names = {}
    if desa_ids:
        for pk, name, desa_id in Business.objects.filter(desa_id__in=desa_ids).values_list("pk", "name", "desa_id"):
            names.setdefault((name.lower(), desa_id), pk)
    name_pks = set()
    for row in results:
        if row.cleaned.get("nib") in by_nib:
            row.business = by_nib[row.cleaned["nib"]]
        elif row.cleaned.get("name") and row.cleaned.get("desa"):
            pk = names.get((row.cleaned["name"].lower(), row.cleaned["desa"].pk))
            if pk:
                name_pks.add(pk)
                row.match_pk = pk
    by_pk = Business.objects.in_bulk(name_pks) if name_pks else {}
    for row in results:
        if row.business is None and getattr(row, "match_pk", None):
            row.business = by_pk[row.match_pk]


def _finish_row(row, association, member_ids, editable_ids, by_header):
    business = row.business
    if business is not None and editable_ids is not None and business.pk not in editable_ids:
        row.errors[by_header["nib"] if row.cleaned.get("nib") else by_header["name"]] = _(
            "Usaha ini sudah terdaftar tetapi bukan anggota asosiasi Anda; hubungi Dinas."
        )
    if row.errors:
        row.status = ERROR
        return
    if business is None:
        business = Business()
    changed = business.pk is None
    for name in BUSINESS_FIELDS:
        value = row.cleaned.get(name)
        if value is None:
            if business.pk:
                continue  # an empty cell keeps what the registry already knows
            value = DEFAULTS.get(name, None if name in NULLABLE else "")
        if name in ("desa", "kbli"):
            if getattr(business, f"{name}_id") != (value.pk if value else None):
                setattr(business, name, value)
                changed = True
        elif getattr(business, name) != value:
            setattr(business, name, value)
            changed = True
    try:
        # Foreign keys are resolved above from the reference tables and NIB uniqueness by
        # matching, so skip the per-row queries those checks would cost.
        business.full_clean(exclude=["desa", "kbli", "owner", "verified_by"], validate_unique=False)
    except ValidationError as error:
        labels = {f.name: str(f.verbose_name) for f in Business._meta.fields}
        headers = {c.key: str(c.header) for c in COLUMNS}
        for name, messages in error.message_dict.items():
            row.errors[headers.get(name, labels.get(name, name))] = " ".join(messages)
        row.status = ERROR
        return
    row.business = business
    row.needs_membership = association is not None and business.pk not in member_ids
    if business.pk is None:
        row.status = NEW
    elif changed or row.needs_membership:
        row.status = UPDATED
    else:
        row.status = UNCHANGED


# --- Step 3: apply ----------------------------------------------------------------------


@dataclass
class ImportResult:
    preview: Preview
    invitations: list = field(default_factory=list)  # (business, raw token)


def import_rows(raw_rows, *, association=None, editable_ids=None, user=None, dry_run=False):
    """Validate, then (unless dry_run or any row fails) apply every row in one transaction."""
    preview = validate_rows(raw_rows, association=association, editable_ids=editable_ids)
    result = ImportResult(preview)
    if dry_run or preview.has_errors:
        return result
    with transaction.atomic():
        umbrella = None
        number = None
        if association is not None:
            umbrella = type(association).objects.select_for_update().get(pk=association.umbrella.pk)
            number = int(next_member_number(umbrella))
        for row in preview.rows:
            business = row.business
            is_new = business.pk is None
            if row.status in (NEW, UPDATED):
                business.save()
            if row.needs_membership:
                Membership.objects.create(
                    business=business,
                    association=association,
                    status=Membership.Status.ACTIVE,
                    member_number=f"{number:05d}",
                    joined_on=row.joined_on or datetime.date.today(),
                )
                number += 1
            if is_new and business.owner_id is None:
                _invitation, token = invitation_create(business=business, created_by=user)
                result.invitations.append((business, token))
    return result


# --- The template -----------------------------------------------------------------------

INSTRUCTIONS = (
    gettext_lazy("Petunjuk pengisian templat data anggota"),
    "",
    gettext_lazy("1. Isi satu usaha per baris pada lembar 'Usaha IKM', mulai baris kedua."),
    gettext_lazy("2. Jangan mengubah, menghapus atau memindah nama kolom di baris pertama."),
    gettext_lazy("3. Kolom wajib: Nama usaha, Nama pemilik, Jenis kelamin pemilik, Alamat, Kecamatan, Desa/kelurahan."),
    gettext_lazy("4. Pilih Kecamatan, Desa/kelurahan, KBLI dan pilihan lain dari daftar turun (drop-down)."),
    gettext_lazy("5. NIB terdiri dari 13 angka. Kosongkan bila usaha belum punya NIB."),
    gettext_lazy("6. Tulis angka tanpa titik, koma ribuan atau huruf, misalnya 25000000."),
    gettext_lazy("7. Tulis tanggal sebagai HH-BB-TTTT, misalnya 17-08-2025."),
    gettext_lazy("8. Jangan memakai rumus (=...); tempel sebagai nilai saja."),
    gettext_lazy("9. Usaha dicocokkan dengan NIB, atau bila tanpa NIB dengan nama usaha di desa yang sama."),
    gettext_lazy("   Mengunggah ulang berkas yang sama tidak mengubah apa pun."),
    gettext_lazy("10. Ukuran berkas paling besar 5 MB. Simpan sebagai .xlsx."),
)


def build_template():
    """The officers' Excel template (bytes): data sheet, instructions, hidden lists."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    data = workbook.add_worksheet(str(SHEET_TITLE))
    guide = workbook.add_worksheet(_("Petunjuk"))
    lists = workbook.add_worksheet(_("Daftar"))
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    text = workbook.add_format({"num_format": "@"})

    sources = {
        "kecamatan": [k.name for k in Kecamatan.objects.order_by("name")],
        "desa": sorted({d.name for d in Desa.objects.all()}),
        "kbli": list(Kbli.objects.order_by("code").values_list("code", flat=True).distinct()),
    }
    for column in COLUMNS:
        if column.kind == "choice":
            sources[column.key] = [str(label) for _value, label in column.choices]
    list_ranges = {}
    for index, (key, items) in enumerate(sources.items()):
        lists.write(0, index, key)
        for offset, item in enumerate(items, start=1):
            lists.write_string(offset, index, item)
        letter = xlsxwriter.utility.xl_col_to_name(index)
        list_ranges[key] = f"='{lists.name}'!${letter}$2:${letter}${max(len(items), 1) + 1}"
    lists.hide()

    for index, column in enumerate(COLUMNS):
        data.write_string(0, index, str(column.header), required if column.required else header)
        data.set_column(index, index, max(14, len(str(column.header)) + 2), text if column.key == "nib" else None)
        if column.key in list_ranges:
            data.data_validation(
                1,
                index,
                MAX_ROWS,
                index,
                {
                    "validate": "list",
                    "source": list_ranges[column.key],
                    "error_title": _("Pilihan tidak dikenal"),
                    "error_message": _("Pilih dari daftar."),
                },
            )
        elif column.kind in ("integer", "number"):
            data.data_validation(
                1,
                index,
                MAX_ROWS,
                index,
                {
                    "validate": "decimal" if column.kind == "number" else "integer",
                    "criteria": ">=",
                    "value": 0,
                    "error_message": _("Tulis angka 0 atau lebih, tanpa titik atau huruf."),
                },
            )
    data.freeze_panes(1, 0)
    for line, sentence in enumerate(INSTRUCTIONS):
        guide.write_string(line, 0, str(sentence))
    guide.set_column(0, 0, 110)
    workbook.close()
    return output.getvalue()
