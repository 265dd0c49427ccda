"""Where a product comes from, for the katalog lokal sheet's "Asal produk" column.

Every product in the registry is made by an IKM in Kabupaten Tuban, so it is a domestic
product (produk dalam negeri). How local it is comes from the product's own data:
- a valid TKDN-IK certificate (Kemenperin) gives the measured domestic content, and
- the owner's raw materials and their origin (same desa, kecamatan, elsewhere in Tuban,
  outside Tuban) give the share of raw materials (by count) from Kabupaten Tuban;
- with neither the sheet says the origin of the raw materials is not recorded yet.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.models import Certification, RawMaterial

LOCAL_ORIGINS = {RawMaterial.Origin.SAME_DESA, RawMaterial.Origin.SAME_KECAMATAN, RawMaterial.Origin.KABUPATEN}


@dataclass
class LocalContent:
    label: str
    tkdn_percent: object = None  # Decimal or None
    local_share: int | None = None  # percent of raw materials from Kabupaten Tuban


def _percent(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def local_content(product):
    """Reads `product.certifications` and `product.raw_materials` (prefetch them)."""
    tkdn = next(
        (
            c
            for c in product.certifications.all()
            if c.kind == Certification.Kind.TKDN and not c.is_expired and c.tkdn_percent is not None
        ),
        None,
    )
    materials = list(product.raw_materials.all())
    share = None
    if materials:
        local = sum(1 for material in materials if material.origin in LOCAL_ORIGINS)
        share = round(100 * local / len(materials))
    parts = [_("Produk dalam negeri")]
    if tkdn is not None:
        parts.append(_("TKDN %(percent)s%%") % {"percent": _percent(tkdn.tkdn_percent)})
    if share is not None:
        parts.append(_("bahan baku %(share)s%% dari Kabupaten Tuban") % {"share": share})
    label = ", ".join(parts)
    if tkdn is None and share is None:
        label = _("Produk dalam negeri (asal bahan baku belum dicatat)")
    return LocalContent(label=label, tkdn_percent=tkdn.tkdn_percent if tkdn else None, local_share=share)
