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
    return _business_checks(
        business,
        has_products=bool(products),
        details_ok=all(p.price is not None and p.production_capacity_per_month for p in products),
        photos_ok=all(p.photos.all() for p in products),
        markets_ok=all(p.market_areas.all() for p in products),
        has_report=any(product.production_reports.all() for product in products),
    )


def completeness_from_facts(business, facts):
    """The same as business_completeness, from the product-side facts counted by the
    database (review.product_facts: has_products, details_missing, without_photo,
    without_market, has_report) instead of prefetched products."""
    return _business_checks(
        business,
        has_products=bool(facts["has_products"]),
        details_ok=not facts["details_missing"],
        photos_ok=not facts["without_photo"],
        markets_ok=not facts["without_market"],
        has_report=bool(facts["has_report"]),
    )


def _business_checks(business, *, has_products, details_ok, photos_ok, markets_ok, has_report):
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
        Check("products", _("Minimal satu produk"), has_products, "products"),
        Check(
            "product_details",
            _("Harga, satuan dan kapasitas setiap produk"),
            has_products and details_ok,
            "products",
        ),
        Check("product_photos", _("Foto setiap produk"), has_products and photos_ok, "products"),
        Check("markets", _("Wilayah pemasaran setiap produk"), has_products and markets_ok, "products"),
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
