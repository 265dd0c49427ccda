"""Aid that reached the demo businesses (registry Assistance rows written with them): the
December 2023 equipment aid, trainings, KUR loans, packaging and fairs."""

from registry.models import AidKind, Assistance

from .randomness import JUTA, Weighted, log_uniform, money, round_to

AGENCY_DINAS = "Disnakerin Kabupaten Tuban"
AGENCY_KOPDAG = "Dinas Koperasi UKM dan Perdagangan Kabupaten Tuban"
EQUIPMENT_2023_LIMIT = 200  # 200 sewing machines and 200 carts, December 2023 (DOMAIN.md)
SEWING_SECTORS = {"batik_gedog", "tenun_gedog", "konveksi", "anyaman_lontar"}
AID_STATUS = tuple(Assistance.Status.values)
MONITORED, HANDED_OVER = Assistance.Status.MONITORED.value, Assistance.Status.HANDED_OVER.value
AID_COUNT = Weighted((0, 1, 2), (30, 50, 20))
AID_STATUS_RECENT = Weighted(AID_STATUS, (30, 30, 25, 15))
AID_STATUS_OLD = Weighted(AID_STATUS, (0, 5, 35, 60))
AID_NOTES = (
    "Dipakai setiap hari untuk produksi; kondisi baik.",
    "Sudah dipakai, produksi naik sejak menerima bantuan.",
    "Jarang dipakai; pemilik perlu pendampingan.",
)

AID_PROGRAMMES = (
    (
        "Pelatihan Peningkatan Mutu dan Desain Produk IKM",
        AGENCY_DINAS,
        AidKind.TRAINING.value,
        "Pelatihan 3 hari",
        None,
    ),
    (
        "Pelatihan Pemasaran Digital IKM",
        AGENCY_KOPDAG,
        AidKind.TRAINING.value,
        "Pelatihan 2 hari dan pendampingan",
        None,
    ),
    ("Kredit Usaha Rakyat (KUR) Bank Jatim", "Bank Jatim Cabang Tuban", AidKind.CAPITAL.value, "", "loan"),
    ("Layanan Rumah Kemasan", AGENCY_DINAS, AidKind.PACKAGING.value, "Desain label dan 500 kemasan", 1_500_000),
    ("Pameran Produk Unggulan Tuban", AGENCY_KOPDAG, AidKind.MARKETING.value, "Stan pameran gratis", None),
)
HALAL_PROGRAMME = (
    "Sertifikasi Halal Gratis (SEHATI)", "BPJPH Kementerian Agama", AidKind.CERTIFICATION.value,
    "Sertifikat halal self-declare", None,
)  # fmt: skip


def assistance_records(builder, rng, sector, sector_key, active):
    """The aid records of one business (registry Assistance rows): the December 2023
    equipment aid while it lasts, and programmes drawn from AID_PROGRAMMES."""
    records = []
    if rng.random() > 0.4:
        return records
    # The December 2023 equipment aid: 200 sewing machines and 200 carts.
    item = "Mesin jahit" if sector_key in SEWING_SECTORS else "Gerobak" if "Gerobak" in sector.equipment else None
    if item and builder.equipment_given[item] < EQUIPMENT_2023_LIMIT and rng.random() < 0.5:
        builder.equipment_given[item] += 1
        records.append(
            (
                f"Bantuan {item.lower()} 2023",
                AGENCY_DINAS,
                2023,
                AidKind.EQUIPMENT.value,
                f"1 unit {item.lower()}, diserahkan Desember 2023",
                money(2_750_000 if item == "Mesin jahit" else 3_250_000),
                MONITORED if active else HANDED_OVER,
                rng.choice(AID_NOTES) if active else "Usaha tidak aktif saat monitoring.",
            )
        )
    options = list(AID_PROGRAMMES)
    if sector.food:
        options.append(HALAL_PROGRAMME)
    for programme, agency, kind, item_text, value in rng.sample(options, AID_COUNT.pick(rng)):
        year = rng.randint(builder.year - 4, builder.year - 1)
        if value == "loan":
            value = round_to(log_uniform(rng, 10, 150) * JUTA, 5 * JUTA)
            item_text = f"Pinjaman modal kerja Rp{value // JUTA} juta"
        status = (AID_STATUS_RECENT if year >= builder.year - 1 else AID_STATUS_OLD).pick(rng)
        note = "Sudah dimonitor; usaha berjalan." if status == MONITORED else ""
        records.append((programme, agency, year, kind, item_text, money(value) if value else None, status, note))
    return records
