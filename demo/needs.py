"""What the demo businesses say they need (registry Need rows, the demands the dashboard
sets against the aid that answered them)."""

from registry.models import AidKind

from .randomness import Weighted

NEED_TEXTS = {
    AidKind.TRAINING: (
        "Pelatihan desain produk dan motif",
        "Pelatihan pemasaran digital dan foto produk",
        "Pelatihan pembukuan sederhana",
        "Pelatihan keamanan pangan untuk SPP-IRT",
    ),
    AidKind.CAPITAL: ("Tambahan modal kerja untuk bahan baku", "Pinjaman lunak untuk membeli alat"),
    AidKind.EQUIPMENT: (),  # from the sector's equipment list
    AidKind.MARKETING: ("Ikut pameran produk", "Didaftarkan ke e-Katalog lokal", "Pendampingan toko online"),
    AidKind.CERTIFICATION: ("Sertifikat halal gratis (self-declare)", "Pengurusan SPP-IRT", "Pendaftaran merek"),
    AidKind.PACKAGING: ("Desain label dan kemasan di Rumah Kemasan", "Kemasan standing pouch dan label"),
}
AID_KINDS = tuple(AidKind.values)
NEED_COUNT = Weighted((0, 1, 2, 3), (25, 40, 25, 10))


def need_rows(rng, sector):
    """(kind, description) of the needs of one business."""
    return [
        (kind, rng.choice(NEED_TEXTS[kind] or sector.equipment)) for kind in rng.sample(AID_KINDS, NEED_COUNT.pick(rng))
    ]
