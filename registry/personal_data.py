"""The registry's part of the owner's personal-data download (accounts/personal_data.py):
the businesses an owner holds and every registry record below them. Registered in
RegistryConfig.ready(); organizations adds the memberships the same way."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from accounts.personal_data import Kind

from .models import (
    Assistance,
    Business,
    Certification,
    MarketArea,
    Need,
    Product,
    ProductionReport,
    ProductPhoto,
    RawMaterial,
)

PRODUCT_CHILDREN = (
    Kind("raw_materials", gettext_lazy("Bahan baku"), RawMaterial, ("name", "origin"), "raw_materials"),
    Kind("photos", gettext_lazy("Foto produk"), ProductPhoto, ("image", "caption"), "photos"),
    Kind(
        "certifications",
        gettext_lazy("Sertifikasi"),
        Certification,
        ("kind", "number", "issued_on", "expires_on", "tkdn_percent"),
        "certifications",
    ),
    Kind(
        "market_areas",
        gettext_lazy("Wilayah pemasaran"),
        MarketArea,
        ("level", "kecamatan", "region_code", "country", "share_percent", "channel"),
        "market_areas",
    ),
    Kind(
        "production_reports",
        gettext_lazy("Laporan produksi"),
        ProductionReport,
        ("year", "semester", "quantity", "production_value", "raw_material_value", "status", "return_reason"),
        "production_reports",
    ),
)
PRODUCTS = Kind(
    "products",
    gettext_lazy("Produk"),
    Product,
    (
        "name",
        "category",
        "kbli",
        "sku",
        "unit",
        "installed_capacity_per_month",
        "production_capacity_per_month",
        "price",
        "description",
        "created_at",
        "updated_at",
    ),
    "products",
    PRODUCT_CHILDREN,
)
BUSINESSES = Kind(
    "businesses",
    gettext_lazy("Usaha"),
    Business,
    (
        "name",
        "brand",
        "legal_form",
        "nib",
        "npwp",
        "owner_name",
        "owner_gender",
        "phone",
        "email",
        "address",
        "desa",
        "latitude",
        "longitude",
        "year_started",
        "kbli",
        "status",
        "workers_male",
        "workers_female",
        "investment",
        "land_building_value",
        "yearly_sales",
        "industry_class",
        "umkm_class_by_capital",
        "umkm_class_by_sales",
        "publish_phone",
        "publish_email",
        "publish_address",
        "verification_status",
        "verification_note",
        "submitted_at",
        "verified_at",
        "created_at",
        "updated_at",
    ),
    "businesses",
    (
        PRODUCTS,
        Kind("needs", gettext_lazy("Kebutuhan"), Need, ("kind", "description"), "needs"),
        Kind(
            "assistance",
            gettext_lazy("Bantuan"),
            Assistance,
            ("programme", "agency", "year", "kind", "item", "value", "status", "source", "note"),
            "assistance",
        ),
    ),
)


def owned_businesses(user):
    """The user's businesses with the registry's records below them (accounts.personal_data)."""
    return (
        Business.objects.filter(owner=user)
        .select_related("desa__kecamatan", "kbli")
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.select_related("kbli")),
            "products__raw_materials",
            "products__photos",
            "products__certifications",
            Prefetch("products__market_areas", queryset=MarketArea.objects.select_related("kecamatan")),
            "products__production_reports",
            "needs",
            "assistance",
        )
        .order_by("name", "pk")
    )
