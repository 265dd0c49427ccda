"""Step 2 of an import: every row checked and matched, nothing written.

`validate` checks every row against the reference tables (loaded once), matches existing
records by natural key (matching.py) and says per row what applying it would do (new,
updated, unchanged, error) and per cell why not. It writes nothing, and its queries do
not grow with the rows: one per sheet for each reference table and each kind of match.

Sheets registered by other apps (sheets.register_sheet) bring their own validator, which
receives this Validation and uses its helpers: `business_children` (rows that belong to a
business, matched among its saved rows), `model_checks` (the model's own rules, errors
next to the cells) and `refs` (the reference tables).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from ..models import Business, MarketArea, Product, ProductionReport
from .matching import Matching, _ident
from .references import References, _cells, clean_nib
from .results import Preview, RowResult, SheetResult
from .sheets import ERROR, NEW, ROW, SHEETS, SHEETS_BY_KEY, UNCHANGED, UPDATED


class Validation(Matching):
    """One pass over every sheet; keeps what later sheets need from earlier ones."""

    def __init__(self, raw_sheets, scope):
        self.raw_sheets = raw_sheets
        self.scope = scope
        self.refs = References()
        # Businesses and products of this file, by the keys child sheets use to name them.
        self.file_business_by_nib = {}
        self.file_business_by_source_id = {}
        self.file_business_by_name = {}
        self.file_product_by_source_id = {}
        self.file_product_by_key = {}
        self.business_rows = []

    def run(self):
        sheets = []
        for sheet in SHEETS:
            raw_rows = self.raw_sheets.get(sheet.key)
            if raw_rows is None:
                continue
            rows = [RowResult(sheet, line, values) for line, values in raw_rows]
            if sheet.validator is not None:
                sheet.validator(self, rows)
            else:
                getattr(self, f"_validate_{sheet.key}")(rows)
            for row in rows:
                self._finish(row)
            sheets.append(SheetResult(sheet, rows))
        return Preview(sheets)

    # Shared -------------------------------------------------------------------------------

    def _assign(self, row, instance, cleaned, names, *, keep_empty=True):
        """Set the converted cells on the instance; an empty cell keeps a saved value."""
        for name in names:
            if name not in cleaned:
                continue
            attribute = row.sheet.resource.fields[name].attribute
            value = cleaned[name]
            if value in ("", None) and instance.pk and keep_empty:
                continue
            setattr(instance, attribute, value)

    @staticmethod
    def _snapshot(instance):
        return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if not f.generated}

    @staticmethod
    def _changes(instance, before):
        """Fields whose value differs from the saved one, after the model normalised them
        (a phone written 0812... is stored +62812...: not a change)."""
        return [name for name, old in before.items() if getattr(instance, name) != old]

    def _required(self, row, cleaned, is_new):
        if not is_new:
            return
        for name in row.sheet.required_fields:
            if name in row.sheet.lookup_fields:
                continue  # desa, business and product are found (or refused) by their own rules
            if name not in cleaned and name not in row.errors:
                row.error(name, _("Wajib diisi."))

    def _model_checks(self, row, instance, before, *, exclude, extra_errors_to=None):
        """The model's own field and clean() rules; foreign keys were resolved from the tables."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            by_attribute = {f.attribute: name for name, f in row.sheet.resource.fields.items() if f.attribute}
            for attribute, messages in error.message_dict.items():
                name = by_attribute.get(attribute, extra_errors_to or ROW)
                row.error(name, " ".join(messages))
        row.changed_fields = self._changes(instance, before) if instance.pk else ["*"]

    def _resolve_kbli(self, row, cleaned):
        """Replace the KBLI code of the row with the Kbli (its version column, else 2020)."""
        if "kbli" in cleaned:
            kbli = self.refs.find_kbli(cleaned["kbli"], cleaned.get("kbli_version"))
            if kbli is None:
                row.error("kbli", _("Kode KBLI %(code)s tidak dikenal.") % {"code": cleaned["kbli"]})
                cleaned.pop("kbli")
            else:
                cleaned["kbli"] = kbli

    def _finish(self, row):
        if row.errors:
            row.status = ERROR
        elif row.instance.pk is None:
            row.status = NEW
        elif row.changed_fields or row.becomes_member:
            row.status = UPDATED
        else:
            row.status = UNCHANGED

    # Businesses ---------------------------------------------------------------------------

    def _validate_businesses(self, rows):
        sheet = SHEETS_BY_KEY["businesses"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly]
        plain = [n for n in writable if n not in ("desa", "kbli")]
        converted = []
        for row in rows:
            cleaned = _cells(row, [*writable, "desa_name", "kecamatan_name", "kbli_version", "joined_on"])
            row.joined_on = cleaned.get("joined_on")
            if "nib" in cleaned:
                nib, message = clean_nib(cleaned.pop("nib"))
                if nib:
                    cleaned["nib"] = nib
                else:
                    row.error("nib", message)
            cleaned["desa"] = self._find_desa(row, cleaned)
            self._resolve_kbli(row, cleaned)
            converted.append(cleaned)

        # Twice in the same file: the second row is an error, naming the first.
        seen_nib, seen_name = {}, {}
        for row, cleaned in zip(rows, converted, strict=True):
            if cleaned.get("nib"):
                first = seen_nib.setdefault(cleaned["nib"], row.line)
                if first != row.line:
                    row.error("nib", _("NIB ini sudah ada di baris %(line)s berkas ini.") % {"line": first})
            elif cleaned.get("name") and cleaned.get("desa"):
                first = seen_name.setdefault((cleaned["name"].lower(), cleaned["desa"].pk), row.line)
                if first != row.line:
                    row.error(
                        "name",
                        _("Usaha dengan nama ini di desa yang sama sudah ada di baris %(line)s.") % {"line": first},
                    )

        # Existing businesses: by NIB, else by name within the desa (two queries in all).
        nibs = {c["nib"] for c in converted if c.get("nib")}
        by_nib = {b.nib: b for b in Business.objects.filter(nib__in=nibs)} if nibs else {}
        desa_ids = {c["desa"].pk for c in converted if c.get("desa") and not c.get("nib")}
        by_name = {}
        if desa_ids:
            for business in Business.objects.filter(desa_id__in=desa_ids).order_by("pk"):
                by_name.setdefault((business.name.lower(), business.desa_id), business)
        member_ids = self._member_business_ids([*by_nib.values(), *by_name.values()])

        for row, cleaned in zip(rows, converted, strict=True):
            business = None
            if cleaned.get("nib"):
                business = by_nib.get(cleaned["nib"])
            elif cleaned.get("name") and cleaned.get("desa"):
                business = by_name.get((cleaned["name"].lower(), cleaned["desa"].pk))
            if business is not None and not self.scope.may_edit(business):
                row.error(
                    ROW,
                    _(
                        "Usaha “%(name)s” sudah terdaftar di registri tetapi bukan anggota aktif asosiasi Anda. "
                        "Minta pemiliknya mengajukan keanggotaan, atau hubungi Dinas."
                    )
                    % {"name": business.name},
                )
            is_new = business is None
            business = business or Business()
            before = self._snapshot(business)
            self._required(row, cleaned, is_new)
            self._assign(row, business, cleaned, plain)
            for name in ("desa", "kbli"):
                if cleaned.get(name) is not None:
                    setattr(business, name, cleaned[name])
            if is_new and cleaned.get("desa") is None and not {"desa", "desa_name", "kecamatan_name"} & set(row.errors):
                row.error("desa_name" if "desa" not in row.values else "desa", _("Wajib diisi."))
            self._model_checks(row, business, before, exclude=["desa", "kbli", "owner", "verified_by"])
            row.instance = business
            row.becomes_member = self.scope.association is not None and (is_new or business.pk not in member_ids)
            self._remember_business(row, business, cleaned)
            self.business_rows.append(row)

    # Products -----------------------------------------------------------------------------

    def _validate_products(self, rows):
        sheet = SHEETS_BY_KEY["products"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "business"]
        db = self._business_lookup(rows)
        planned = []
        for row in rows:
            cleaned = _cells(row, [*writable, "kbli_version"])
            business = self._find_business(row, row.values, db)
            self._resolve_kbli(row, cleaned)
            planned.append((row, cleaned, business))

        existing = self._existing_products([b for _r, _c, b in planned if b is not None and b.pk])
        seen = {}
        for row, cleaned, business in planned:
            name = cleaned.get("name", "")
            key = (_ident(business), name.lower())
            if business is not None and name:
                first = seen.setdefault(key, row.line)
                if first != row.line:
                    row.error("name", _("Produk ini sudah ada di baris %(line)s berkas ini.") % {"line": first})
            product = existing.get((business.pk, name.lower())) if business is not None and business.pk else None
            is_new = product is None
            if product is None:
                product = Product(business=business) if business is not None else Product()
            before = self._snapshot(product)
            self._required(row, cleaned, is_new)
            self._assign(row, product, cleaned, [n for n in writable if n != "kbli"])
            if cleaned.get("kbli") is not None:
                product.kbli = cleaned["kbli"]
            self._model_checks(row, product, before, exclude=["business", "kbli"])
            row.instance = product
            if business is not None and name:
                self.file_product_by_key[key] = row
            if "id" in row.values:
                self.file_product_by_source_id[str(row.values["id"])] = row

    # Market areas -------------------------------------------------------------------------

    def _validate_markets(self, rows):
        sheet = SHEETS_BY_KEY["markets"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n not in ("product", "kecamatan")]
        db = self._product_lookup(rows)
        planned = []
        for row in rows:
            cleaned = _cells(row, [*writable, "kecamatan", "kecamatan_name"])
            product = self._find_product(row, db)
            cleaned["kecamatan"] = self._find_target_kecamatan(row, cleaned)
            for name in ("region_code", "country"):
                cleaned.setdefault(name, "")
            planned.append((row, cleaned, product))

        saved = [p for _r, _c, p in planned if p is not None and p.pk]
        existing, shares = {}, {}
        if saved:
            for area in MarketArea.objects.filter(product__in={p.pk for p in saved}):
                existing[self._market_key(area.product_id, area)] = area
            shares = dict(
                MarketArea.objects.filter(product__in={p.pk for p in saved})
                .order_by()
                .values_list("product")
                .annotate(total=Sum("share_percent"))
            )
        file_deltas, seen = {}, {}
        for row, cleaned, product in planned:
            probe = MarketArea(
                **{k: v for k, v in cleaned.items() if k in ("level", "channel", "region_code", "country")}
            )
            probe.kecamatan = cleaned["kecamatan"]
            area = existing.get(self._market_key(product.pk, probe)) if product is not None and product.pk else None
            key = (_ident(product), self._market_key(None, probe))
            first = seen.setdefault(key, row.line)
            if first != row.line and product is not None:
                row.error(ROW, _("Wilayah pemasaran yang sama sudah ada di baris %(line)s.") % {"line": first})
            is_new = area is None
            area = area or MarketArea(product=product)
            before = self._snapshot(area)
            saved_share = area.share_percent if area.pk else Decimal(0)
            self._required(row, cleaned, is_new)
            self._assign(row, area, cleaned, writable, keep_empty=False)
            area.kecamatan = cleaned["kecamatan"]
            # One sum per sheet instead of MarketArea.clean's query per row; rows earlier in
            # the file count too.
            if product is not None and area.share_percent is not None:
                delta = file_deltas.get(_ident(product), Decimal(0))
                area.known_other_shares = (
                    (shares.get(product.pk, Decimal(0)) if product.pk else 0) + delta - saved_share
                )
                file_deltas[_ident(product)] = delta + area.share_percent - saved_share
            self._model_checks(row, area, before, exclude=["product", "kecamatan"])
            row.instance = area

    # Production reports -------------------------------------------------------------------

    def _validate_production(self, rows):
        sheet = SHEETS_BY_KEY["production"]
        writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "product"]
        db = self._product_lookup(rows)
        planned = [(row, _cells(row, writable), self._find_product(row, db)) for row in rows]
        saved = {p.pk for _r, _c, p in planned if p is not None and p.pk}
        existing = {(r.product_id, r.year, r.semester): r for r in ProductionReport.objects.filter(product__in=saved)}
        seen = {}
        for row, cleaned, product in planned:
            year, semester = cleaned.get("year"), cleaned.get("semester")
            key = (_ident(product), year, semester)
            first = seen.setdefault(key, row.line)
            if first != row.line and product is not None:
                row.error(ROW, _("Laporan periode yang sama sudah ada di baris %(line)s.") % {"line": first})
            elif product is not None and year is not None and semester in ProductionReport.HALVES:
                # A full year and a semester of the same year in the file, or one in the file
                # and the other saved: the yearly sums would count that production twice.
                for (ident, other_year, other_semester), line in seen.items():
                    if ident == key[0] and other_semester != semester and other_year == year:
                        if ProductionReport.periods_overlap((year, semester), (other_year, other_semester)):
                            row.error(
                                "semester",
                                ProductionReport.overlap_message(year, semester, other_semester)
                                + " "
                                + _("(baris %(line)s)") % {"line": line},
                            )
                            break
                else:
                    if product.pk:
                        for other in ProductionReport.Semester:
                            if other != semester and (product.pk, year, other) in existing:
                                if ProductionReport.periods_overlap((year, semester), (year, other)):
                                    row.error("semester", ProductionReport.overlap_message(year, semester, other))
                                    break
            report = None
            if product is not None and product.pk:
                report = existing.get((product.pk, year, semester))
            is_new = report is None
            report = report or ProductionReport(product=product)
            report.overlap_checked_elsewhere = True
            before = self._snapshot(report)
            self._required(row, cleaned, is_new)
            self._assign(row, report, cleaned, writable)
            self._model_checks(row, report, before, exclude=["product"])
            row.instance = report

    # For the sheets of other apps --------------------------------------------------------

    def business_children(self, rows, model, writable, key):
        return self._business_children(rows, model, writable, key)

    def model_checks(self, row, instance, before, *, exclude, extra_errors_to=None):
        return self._model_checks(row, instance, before, exclude=exclude, extra_errors_to=extra_errors_to)


def validate(raw_sheets, scope):
    """What applying the rows would do, row by row and cell by cell. Writes nothing.

    Raises BadFile when the scope may not import a sheet or column of the file at all.
    """
    scope.check(raw_sheets)
    return Validation(raw_sheets, scope).run()
