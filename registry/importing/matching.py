"""Matching rows to what exists: a business by NIB, else by the ID of an exported sheet,
else by its name (within its desa for the businesses sheet, among the importer's businesses
for the others); a product by its business and name; a desa by kecamatan and name.

Every lookup is one query per sheet, whatever the number of rows: the rows' keys are
collected first, then fetched with `__in`.
"""

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from ..models import Business, Product
from ..validators import digits_only
from .references import _cells
from .results import RowResult
from .scope import association_hooks
from .sheets import ROW, SHEETS_BY_KEY


def _ident(obj):
    """A key for a business or product that is the same for every copy of a saved row."""
    if obj is None:
        return None
    return ("pk", obj.pk) if obj.pk else ("new", id(obj))


class Matching:
    """Lookups shared by the sheets' validations (mixed into validation.Validation)."""

    def _find_desa(self, row, cleaned):
        code, name, kecamatan_name = cleaned.get("desa"), cleaned.get("desa_name"), cleaned.get("kecamatan_name")
        kecamatan = None
        if kecamatan_name:
            kecamatan = self.refs.kecamatan_by_name.get(kecamatan_name.lower())
            if kecamatan is None:
                row.error(
                    "kecamatan_name",
                    _("Kecamatan “%(name)s” tidak ada di Kabupaten Tuban.") % {"name": kecamatan_name},
                )
                return None
        if code:
            desa = self.refs.desa_by_code.get(code)
            if desa is None:
                row.error("desa", _("Kode desa %(code)s tidak dikenal.") % {"code": code})
            elif kecamatan is not None and desa.kecamatan_id != kecamatan.pk:
                row.error(
                    "desa",
                    _("Desa %(desa)s tidak berada di Kecamatan %(kecamatan)s.")
                    % {"desa": desa.name, "kecamatan": kecamatan.name},
                )
                return None
            return desa
        if not name:
            return None
        if kecamatan is None:
            row.error("kecamatan_name", _("Isi kecamatan agar desa “%(name)s” dapat dikenali.") % {"name": name})
            return None
        desa = self.refs.desa_by_name.get((kecamatan.name.lower(), name.lower()))
        if desa is None:
            if name.lower() in self.refs.desa_names:
                message = _("Desa %(desa)s tidak berada di Kecamatan %(kecamatan)s.")
            else:
                message = _("Desa/kelurahan “%(desa)s” tidak dikenal di Kecamatan %(kecamatan)s.")
            row.error("desa_name", message % {"desa": name, "kecamatan": kecamatan.name})
        return desa

    def _member_business_ids(self, businesses):
        if self.scope.association is None or not businesses:
            return set()
        return set(association_hooks().member_business_ids(self.scope.association, [b.pk for b in businesses]))

    def _remember_business(self, row, business, cleaned):
        if cleaned.get("nib"):
            self.file_business_by_nib[cleaned["nib"]] = row
        if "id" in row.values:
            self.file_business_by_source_id[str(row.values["id"])] = row
        if cleaned.get("name"):
            self.file_business_by_name.setdefault(cleaned["name"].lower(), []).append(row)

    def _find_business(self, row, values, db):
        """The business a child row names: NIB, else the ID of an exported sheet, else its name.

        Returns the business (saved or from this file) or None with an error on the row.
        """
        nib = digits_only(str(values.get("business_nib") or ""))
        source_id = values.get("business")
        name = str(values.get("business_name") or "").strip()
        found = None
        if nib:
            found = self.file_business_by_nib.get(nib) or db["by_nib"].get(nib)
            if found is None:
                row.error("business_nib", _("Tidak ada usaha dengan NIB %(nib)s.") % {"nib": nib})
                return None
        elif source_id not in (None, ""):
            source_id = str(int(source_id) if isinstance(source_id, float) else source_id)
            found = self.file_business_by_source_id.get(source_id) or db["by_pk"].get(source_id)
            if found is None:
                row.error("business", _("Tidak ada usaha dengan ID %(id)s.") % {"id": source_id})
                return None
        elif name:
            in_file = self.file_business_by_name.get(name.lower(), [])
            candidates = in_file or db["by_name"].get(name.lower(), [])
            if len(candidates) > 1:
                row.error(
                    "business_name",
                    _("Ada beberapa usaha bernama “%(name)s”: isi kolom NIB usaha untuk membedakannya.")
                    % {"name": name},
                )
                return None
            if not candidates:
                row.error(
                    "business_name",
                    _("Usaha “%(name)s” tidak ada di lembar %(sheet)s maupun di daftar anggota.")
                    % {"name": name, "sheet": SHEETS_BY_KEY["businesses"].title()},
                )
                return None
            found = candidates[0]
        else:
            row.error("business_name", _("Wajib diisi."))
            return None
        if isinstance(found, RowResult):
            if found.errors:
                row.error(ROW, _("Baris usaha yang dirujuk (baris %(line)s) bergalat.") % {"line": found.line})
                return None
            return found.instance
        if not self.scope.may_edit(found):
            row.error(ROW, _("Usaha “%(name)s” bukan anggota aktif asosiasi Anda.") % {"name": found.name})
            return None
        return found

    def _business_lookup(self, rows):
        """Saved businesses child rows may name, in three queries whatever the row count."""
        nibs = {digits_only(str(r.values.get("business_nib") or "")) for r in rows} - {""}
        ids = set()
        for r in rows:
            value = r.values.get("business")
            if isinstance(value, int | float) and not isinstance(value, bool):
                ids.add(int(value))
            elif isinstance(value, str) and value.isdigit():
                ids.add(int(value))
        names = {
            str(r.values.get("business_name") or "").strip().lower()
            for r in rows
            if not r.values.get("business_nib") and r.values.get("business") in (None, "")
        } - {""}
        db = {"by_nib": {}, "by_pk": {}, "by_name": {}}
        queryset = Business.objects.all()
        if self.scope.editable_business_ids is not None:
            queryset = queryset.filter(pk__in=self.scope.editable_business_ids)
        if nibs:
            db["by_nib"] = {b.nib: b for b in Business.objects.filter(nib__in=nibs)}
        if ids:
            db["by_pk"] = {str(b.pk): b for b in Business.objects.filter(pk__in=ids)}
        if names:
            # Case-insensitive, among the businesses the importer may edit.
            for business in queryset.annotate(lower_name=Lower("name")).filter(lower_name__in=names):
                db["by_name"].setdefault(business.lower_name, []).append(business)
        return db

    @staticmethod
    def _existing_products(businesses):
        if not businesses:
            return {}
        return {
            (product.business_id, product.name.lower()): product
            for product in Product.objects.filter(business__in={b.pk for b in businesses})
        }

    def _find_product(self, row, db):
        source_id = row.values.get("product")
        if source_id not in (None, ""):
            source_id = str(int(source_id) if isinstance(source_id, float) else source_id)
            found = self.file_product_by_source_id.get(source_id) or db["products_by_pk"].get(source_id)
            if found is None:
                row.error("product", _("Tidak ada produk dengan ID %(id)s.") % {"id": source_id})
                return None
        else:
            name = str(row.values.get("product_name") or "").strip()
            if not name:
                row.error("product_name", _("Wajib diisi."))
                return None
            business = self._find_business(row, row.values, db)
            if business is None:
                return None
            found = self.file_product_by_key.get((_ident(business), name.lower()))
            if found is None and business.pk:
                found = db["products_by_key"].get((business.pk, name.lower()))
            if found is None:
                row.error(
                    "product_name",
                    _("Produk “%(name)s” milik %(business)s tidak ditemukan di lembar %(sheet)s maupun di registri.")
                    % {"name": name, "business": business.name, "sheet": SHEETS_BY_KEY["products"].title()},
                )
                return None
        if isinstance(found, RowResult):
            if found.errors:
                row.error(ROW, _("Baris produk yang dirujuk (baris %(line)s) bergalat.") % {"line": found.line})
                return None
            return found.instance
        if not self.scope.may_edit(found.business):
            row.error(ROW, _("Produk “%(name)s” bukan milik anggota aktif asosiasi Anda.") % {"name": found.name})
            return None
        return found

    def _product_lookup(self, rows):
        db = self._business_lookup(rows)
        ids = set()
        for r in rows:
            value = r.values.get("product")
            if isinstance(value, int | float) and not isinstance(value, bool):
                ids.add(int(value))
            elif isinstance(value, str) and value.isdigit():
                ids.add(int(value))
        db["products_by_pk"] = (
            {str(p.pk): p for p in Product.objects.filter(pk__in=ids).select_related("business")} if ids else {}
        )
        businesses = {b.pk for b in db["by_nib"].values()} | {b.pk for b in db["by_pk"].values()}
        businesses |= {b.pk for found in db["by_name"].values() for b in found}
        db["products_by_key"] = {
            (p.business_id, p.name.lower()): p
            for p in Product.objects.filter(business__in=businesses).select_related("business")
        }
        return db

    @staticmethod
    def _market_key(product_id, area):
        return (product_id, area.level, area.channel, area.kecamatan_id, area.region_code, area.country)

    def _find_target_kecamatan(self, row, cleaned):
        code, name = cleaned.pop("kecamatan", None), cleaned.pop("kecamatan_name", None)
        if code:
            kecamatan = self.refs.kecamatan_by_code.get(code)
            if kecamatan is None:
                row.error("kecamatan", _("Kode kecamatan %(code)s tidak dikenal.") % {"code": code})
            return kecamatan
        if name:
            kecamatan = self.refs.kecamatan_by_name.get(name.lower())
            if kecamatan is None:
                row.error("kecamatan_name", _("Kecamatan “%(name)s” tidak ada di Kabupaten Tuban.") % {"name": name})
            return kecamatan
        return None

    def _business_children(self, rows, model, writable, key):
        """Rows that belong to a business, matched on (business, *key) among its saved rows.

        `key`: attribute names; a row's values come from its cells, or from attributes the
        caller set on the row (row.association).
        """
        db = self._business_lookup(rows)
        planned = [(row, _cells(row, writable), self._find_business(row, row.values, db)) for row in rows]
        saved = {b.pk for _r, _c, b in planned if b is not None and b.pk}
        existing = {}
        for instance in model.objects.filter(business__in=saved):
            existing[(instance.business_id, *(getattr(instance, f) for f in key))] = instance
        seen = {}
        for row, cleaned, business in planned:
            values = tuple(cleaned[f] if f in cleaned else getattr(row, f, None) for f in key)
            first = seen.setdefault((_ident(business), *values), row.line)
            if first != row.line and business is not None:
                row.error(ROW, _("Baris yang sama sudah ada di baris %(line)s.") % {"line": first})
            instance = existing.get((business.pk, *values)) if business is not None and business.pk else None
            is_new = instance is None
            instance = instance or model(business=business)
            before = self._snapshot(instance)
            self._required(row, cleaned, is_new)
            self._assign(row, instance, cleaned, writable)
            yield row, cleaned, instance, before
