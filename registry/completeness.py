"""How complete a profile is, and what a product still lacks for the e-katalog.

Both read only the object and its prefetched relations (use
`Business.objects.with_profile_relations()`), so a page listing many businesses or
products keeps a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class Check:
    key: str
    label: str
    ok: bool
    section: str = ""  # the owner-area section where it is filled in


@dataclass
class Completeness:
    checks: list = field(default_factory=list)

    @property
    def score(self):
        if not self.checks:
            return 0
        return round(100 * sum(check.ok for check in self.checks) / len(self.checks))

    @property
    def missing(self):
        return [check for check in self.checks if not check.ok]


def business_completeness(business):
    products = list(business.products.all())
    has_report = any(product.production_reports.all() for product in products)
    checks = [
        Check("legal_form", _("Bentuk badan usaha"), bool(business.legal_form), "identity"),
        Check("nib", _("NIB"), bool(business.nib), "identity"),
        Check("kbli", _("KBLI"), business.kbli_id is not None, "identity"),
        Check("year_started", _("Tahun mulai usaha"), business.year_started is not None, "identity"),
        Check("contact", _("Nomor telepon atau email"), bool(business.phone or business.email), "identity"),
        Check("address", _("Alamat dan desa"), bool(business.address and business.desa_id), "location"),
        Check("workers", _("Jumlah tenaga kerja"), business.workers_total > 0, "workers"),
        Check("investment", _("Nilai investasi"), business.investment is not None, "workers"),
        Check("yearly_sales", _("Omzet per tahun"), business.yearly_sales is not None, "workers"),
        Check("products", _("Minimal satu produk"), bool(products), "products"),
        Check(
            "product_details",
            _("Harga, satuan dan kapasitas setiap produk"),
            bool(products) and all(p.price is not None and p.production_capacity_per_month for p in products),
            "products",
        ),
        Check(
            "product_photos",
            _("Foto setiap produk"),
            bool(products) and all(p.photos.all() for p in products),
            "products",
        ),
        Check(
            "markets",
            _("Wilayah pemasaran setiap produk"),
            bool(products) and all(p.market_areas.all() for p in products),
            "products",
        ),
        Check("production", _("Laporan produksi"), has_report, "products"),
    ]
    return Completeness(checks)


def product_ekatalog_checklist(product):
    """Katalog lokal (LKPP/UKPBJ) readiness: seller items first, then the listing itself."""
    business = product.business
    certifications = list(product.certifications.all())
    kinds = {c.kind for c in certifications if not c.is_expired}
    kbli = product.kbli or business.kbli
    checks = [
        Check("nib", _("NIB usaha"), bool(business.nib), "identity"),
        Check("npwp", _("NPWP usaha"), bool(business.npwp), "identity"),
        Check(
            "kbli",
            _("KBLI sesuai kelompok produk"),
            kbli is not None and (not kbli.group or kbli.group == product.category),
            "products",
        ),
        Check("merek", _("Merek terdaftar (DJKI)"), "merek" in kinds, "certifications"),
        Check("sku", _("SKU"), bool(product.sku), "products"),
        Check("unit", _("Satuan"), bool(product.unit), "products"),
        Check("price", _("Harga"), product.price is not None and product.price > 0, "products"),
        Check("photo", _("Foto produk"), bool(product.photos.all()), "products"),
        Check("specification", _("Spesifikasi/deskripsi"), len(product.description.strip()) >= 20, "products"),
        Check("tkdn", _("Sertifikat TKDN"), "tkdn" in kinds, "certifications"),
    ]
    return Completeness(checks)
