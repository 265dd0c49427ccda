"""What Tuban makes, and where: the product kinds and sectors of the demo, the kecamatan mix
and the villages each sector clusters in (the OVOP villages' rumah produksi, the coast).
The businesses (businesses.py) are drawn from these tables; `publish_catalogue` then
publishes the verified ones to the public catalogue and the village pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import CommodityGroup, RawMaterial, Unit

Origin = RawMaterial.Origin


@dataclass(frozen=True)
class ProductKind:
    name: str  # may hold {motif}
    unit: str
    price: tuple[int, int]  # Rupiah per unit
    capacity: tuple[int, int]  # installed capacity, units per month
    kbli: str | None = None  # when it differs from the sector's code


@dataclass(frozen=True)
class Sector:
    kbli: str | None  # KBLI 2020; None where the seed table has no fitting code yet
    category: str
    names: tuple[str, ...]  # {word}, {owner} ("Bu Sri"), {desa}
    products: tuple[ProductKind, ...]
    raw_materials: tuple[tuple[str, str], ...]  # (name, usual origin)
    food: bool = False
    female_owner: float = 0.5
    female_workers: float = 0.5
    investment: tuple[int, int] = (5, 150)  # juta, typical range for a micro/small unit
    # Market reach weights: desa, kecamatan, kabupaten, provinsi, nasional, ekspor.
    reach: tuple[float, ...] = (5, 5, 4, 2, 0.5, 0)
    countries: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ("Peralatan produksi",)
    words: tuple[str, ...] = ()  # extra name words for this sector


GENERAL_WORDS = (
    "Sekar Ayu", "Sekar Arum", "Sekar Jagad", "Sumber Rejeki", "Sumber Makmur", "Sumber Urip", "Barokah",
    "Berkah Jaya", "Lestari", "Makmur Jaya", "Sido Mulyo", "Sri Rejeki", "Mekar Sari", "Rahayu",
    "Manunggal", "Karya Mandiri", "Maju Jaya", "Sentosa", "Arum Sari", "Ngudi Rahayu", "Gemah Ripah",
    "Al Amin", "Anugerah", "Dua Putri", "Tiga Saudara", "Mustika", "Kencana", "Laras", "Wijaya Kusuma",
    "Cahaya Abadi", "Tunas Harapan", "Bina Usaha", "Srikandi", "Ronggolawe", "Bumi Wali", "Putri Kembar",
    "Karya Bersama", "Sinar Abadi", "Sekar Wangi", "Dewi Sri", "Jaya Abadi", "Rukun Santoso", "Guyub Rukun",
    "Mandiri", "Asri",
)  # fmt: skip
COASTAL_WORDS = ("Mina Jaya", "Mina Bahari", "Sari Laut", "Segoro Asri", "Samudra Jaya", "Bahari", "Nelayan Makmur")

FOOD_REACH = (5, 5, 4, 2, 0.5, 0)
SEA_REACH = (2, 3, 5, 4, 2, 0.2)
CRAFT_REACH = (1, 2, 4, 4, 3, 0.8)
ASIA = ("Malaysia", "Singapura", "Brunei Darussalam", "Hong Kong")
CRAFT_COUNTRIES = ("Jepang", "Belanda", "Amerika Serikat", "Malaysia", "Singapura", "Australia", "Korea Selatan")

P = ProductKind
SECTORS: dict[str, Sector] = {
    "batik_gedog": Sector(
        kbli="13134",
        category=CommodityGroup.BATIK,
        names=("Batik Tulis {word}", "Batik Gedog {word}", "Batik Tulis Gedog {word}", "Sanggar Batik {word}"),
        products=(
            P("Kain batik tulis gedog motif {motif}", Unit.SHEET, (250_000, 1_500_000), (10, 60)),
            P("Selendang batik gedog", Unit.SHEET, (150_000, 450_000), (10, 80)),
            P("Sarung batik gedog", Unit.SHEET, (200_000, 650_000), (10, 50)),
            P("Kemeja batik gedog", Unit.PIECE, (175_000, 450_000), (20, 150)),
            P("Taplak meja batik gedog", Unit.SHEET, (75_000, 200_000), (20, 100)),
        ),
        raw_materials=(
            ("Kain tenun gedog", Origin.SAME_DESA),
            ("Kain mori", Origin.OUTSIDE),
            ("Malam (lilin batik)", Origin.OUTSIDE),
            ("Pewarna alam nila", Origin.SAME_KECAMATAN),
            ("Pewarna sintetis", Origin.OUTSIDE),
        ),
        female_owner=0.8,
        female_workers=0.85,
        investment=(5, 250),
        reach=(1, 2, 4, 4, 4, 1),
        countries=CRAFT_COUNTRIES,
        equipment=("Mesin jahit", "Kompor dan canting listrik", "Meja dan gawangan batik"),
    ),
    "tenun_gedog": Sector(
        kbli="13121",
        category=CommodityGroup.TENUN,
        names=("Tenun Gedog {word}", "Tenun {owner}", "Kain Tenun {word}"),
        products=(
            P("Kain tenun gedog", Unit.SHEET, (200_000, 900_000), (4, 30)),
            P("Selendang tenun gedog", Unit.SHEET, (100_000, 350_000), (6, 40)),
            P("Sarung tenun gedog", Unit.SHEET, (250_000, 700_000), (4, 25)),
            P("Syal tenun gedog", Unit.SHEET, (75_000, 200_000), (10, 60)),
        ),
        raw_materials=(
            ("Kapas", Origin.SAME_DESA),
            ("Benang kapas pintal tangan", Origin.SAME_DESA),
            ("Benang katun", Origin.OUTSIDE),
            ("Pewarna alam (nila, mengkudu)", Origin.SAME_KECAMATAN),
        ),
        female_owner=0.85,
        female_workers=0.9,
        investment=(5, 120),
        reach=(1, 2, 4, 4, 4, 1),
        countries=CRAFT_COUNTRIES,
        equipment=("Alat tenun gedog", "Alat tenun bukan mesin (ATBM)", "Mesin jahit"),
    ),
    "terasi": Sector(
        kbli="10215",
        category=CommodityGroup.FOOD,
        names=("Terasi Udang {owner}", "Terasi {desa} {word}", "Terasi {word}"),
        products=(
            P("Terasi udang rebon", Unit.KG, (45_000, 95_000), (100, 1500)),
            P("Terasi bubuk", Unit.PACK, (5_000, 15_000), (500, 5000)),
            P("Terasi ikan", Unit.KG, (30_000, 60_000), (100, 1000)),
            P("Petis udang", Unit.BOTTLE, (15_000, 35_000), (100, 800)),
        ),
        raw_materials=(
            ("Udang rebon", Origin.SAME_DESA),
            ("Garam krosok", Origin.KABUPATEN),
            ("Ikan teri", Origin.SAME_DESA),
        ),
        food=True,
        female_owner=0.6,
        female_workers=0.7,
        investment=(5, 200),
        reach=SEA_REACH,
        countries=ASIA,
        equipment=("Mesin penggiling terasi", "Alat pengering", "Sealer kemasan"),
        words=COASTAL_WORDS,
    ),
    "ikan_asin": Sector(
        kbli="10211",
        category=CommodityGroup.FOOD,
        names=("Ikan Asin {owner}", "UD {word}", "Pengasinan Ikan {word}"),
        products=(
            P("Ikan asin teri", Unit.KG, (40_000, 120_000), (200, 3000)),
            P("Ikan asin layang", Unit.KG, (30_000, 60_000), (200, 3000)),
            P("Ikan asin tongkol", Unit.KG, (35_000, 70_000), (200, 2500)),
            P("Ikan asin cumi", Unit.KG, (90_000, 180_000), (50, 800)),
        ),
        raw_materials=(
            ("Ikan segar hasil tangkapan nelayan", Origin.SAME_DESA),
            ("Garam", Origin.KABUPATEN),
        ),
        food=True,
        female_owner=0.45,
        female_workers=0.6,
        investment=(10, 300),
        reach=SEA_REACH,
        countries=ASIA,
        equipment=("Para-para penjemur ikan", "Freezer", "Timbangan digital"),
        words=COASTAL_WORDS,
    ),
    "kerupuk": Sector(
        kbli="10794",
        category=CommodityGroup.FOOD,
        names=("Kerupuk Ikan {word}", "Kerupuk {owner}", "Kerupuk Udang {word}", "Amplang {word}"),
        products=(
            P("Kerupuk ikan tenggiri", Unit.KG, (40_000, 90_000), (100, 1500)),
            P("Kerupuk udang", Unit.KG, (50_000, 110_000), (100, 1200)),
            P("Kerupuk terung ikan", Unit.KG, (30_000, 60_000), (100, 1500)),
            P("Amplang ikan", Unit.PACK, (10_000, 25_000), (300, 4000)),
        ),
        raw_materials=(
            ("Ikan tenggiri", Origin.SAME_KECAMATAN),
            ("Udang", Origin.SAME_DESA),
            ("Tepung tapioka", Origin.OUTSIDE),
            ("Bawang putih", Origin.KABUPATEN),
        ),
        food=True,
        female_owner=0.65,
        female_workers=0.7,
        investment=(5, 200),
        reach=SEA_REACH,
        countries=ASIA,
        equipment=("Mesin pemotong kerupuk", "Oven pengering", "Sealer kemasan"),
        words=COASTAL_WORDS,
    ),
    "olahan_ikan": Sector(
        kbli="10750",
        category=CommodityGroup.FOOD,
        names=("Olahan Ikan {word}", "Nugget Ikan {word}", "Pentol {owner}"),
        products=(
            P("Nugget ikan", Unit.PACK, (15_000, 30_000), (200, 3000)),
            P("Pentol ikan", Unit.PACK, (10_000, 25_000), (200, 3000)),
            P("Otak-otak ikan", Unit.PACK, (12_000, 25_000), (200, 2000)),
            P("Bakso ikan", Unit.KG, (45_000, 80_000), (50, 800)),
        ),
        raw_materials=(
            ("Ikan segar", Origin.SAME_DESA),
            ("Tepung tapioka", Origin.OUTSIDE),
            ("Telur ayam", Origin.KABUPATEN),
        ),
        food=True,
        female_owner=0.75,
        female_workers=0.8,
        investment=(5, 150),
        reach=FOOD_REACH,
        equipment=("Freezer", "Mesin penggiling daging ikan", "Sealer vakum"),
        words=COASTAL_WORDS,
    ),
    "keripik": Sector(
        kbli="10794",
        category=CommodityGroup.FOOD,
        names=("Keripik {word}", "Keripik Singkong {word}", "Aneka Keripik {owner}", "Camilan {word}"),
        products=(
            P("Keripik singkong", Unit.KG, (25_000, 45_000), (100, 1500)),
            P("Keripik singkong pedas", Unit.PACK, (5_000, 15_000), (300, 5000)),
            P("Keripik pisang", Unit.KG, (30_000, 55_000), (100, 1000)),
            P("Keripik tempe", Unit.PACK, (5_000, 12_000), (300, 4000)),
            P("Peyek kacang", Unit.PACK, (8_000, 15_000), (300, 3000)),
            P("Rengginang", Unit.KG, (30_000, 50_000), (50, 800)),
        ),
        raw_materials=(
            ("Singkong", Origin.SAME_DESA),
            ("Minyak goreng", Origin.OUTSIDE),
            ("Bumbu rempah", Origin.KABUPATEN),
            ("Pisang", Origin.SAME_KECAMATAN),
            ("Kacang tanah", Origin.KABUPATEN),
        ),
        food=True,
        female_owner=0.7,
        female_workers=0.75,
        investment=(5, 100),
        reach=FOOD_REACH,
        equipment=("Mesin perajang singkong", "Spinner peniris minyak", "Sealer kemasan", "Gerobak"),
    ),
    "emping_jagung": Sector(
        kbli="10794",
        category=CommodityGroup.FOOD,
        names=("Emping Jagung {word}", "Emping Jagung {owner}", "Emping {desa} {word}"),
        products=(
            P("Emping jagung original", Unit.KG, (25_000, 40_000), (100, 1500)),
            P("Emping jagung pedas manis", Unit.PACK, (8_000, 15_000), (300, 4000)),
            P("Emping jagung balado", Unit.PACK, (8_000, 15_000), (300, 4000)),
        ),
        raw_materials=(
            ("Jagung pipil", Origin.SAME_DESA),
            ("Minyak goreng", Origin.OUTSIDE),
            ("Gula pasir", Origin.OUTSIDE),
        ),
        food=True,
        female_owner=0.7,
        female_workers=0.75,
        investment=(5, 100),
        reach=FOOD_REACH,
        equipment=("Mesin press emping", "Oven pengering", "Sealer kemasan"),
    ),
    "sambal": Sector(
        kbli="10750",
        category=CommodityGroup.FOOD,
        names=("Sambal {word}", "Sambal {owner}", "Sambal Bawang {word}"),
        products=(
            P("Sambal bawang", Unit.BOTTLE, (15_000, 30_000), (200, 3000)),
            P("Sambal terasi", Unit.BOTTLE, (15_000, 30_000), (200, 3000)),
            P("Sambal teri", Unit.BOTTLE, (20_000, 35_000), (200, 2000)),
            P("Sambal pecel", Unit.PACK, (8_000, 20_000), (200, 3000)),
        ),
        raw_materials=(
            ("Cabai rawit", Origin.SAME_DESA),
            ("Bawang merah", Origin.KABUPATEN),
            ("Terasi", Origin.KABUPATEN),
            ("Minyak goreng", Origin.OUTSIDE),
        ),
        food=True,
        female_owner=0.8,
        female_workers=0.8,
        investment=(5, 80),
        reach=(3, 4, 4, 3, 2, 0),
        equipment=("Blender industri", "Sealer botol", "Kompor gas besar"),
    ),
    "legen_siwalan": Sector(
        kbli="11040",
        category=CommodityGroup.FOOD,
        names=("Legen {word}", "Siwalan {word}", "Legen {owner}"),
        products=(
            P("Legen segar", Unit.BOTTLE, (5_000, 15_000), (300, 3000)),
            P("Sirup siwalan", Unit.BOTTLE, (20_000, 40_000), (100, 1000)),
            P("Dodol siwalan", Unit.PACK, (10_000, 25_000), (100, 1500), kbli="10796"),
        ),
        raw_materials=(
            ("Nira siwalan (legen)", Origin.SAME_DESA),
            ("Gula pasir", Origin.OUTSIDE),
            ("Botol plastik", Origin.OUTSIDE),
        ),
        food=True,
        female_owner=0.4,
        female_workers=0.4,
        investment=(5, 60),
        reach=(5, 5, 4, 1, 0.2, 0),
        equipment=("Lemari pendingin", "Gerobak", "Sealer botol"),
    ),
    "gula_merah": Sector(
        kbli="10722",
        category=CommodityGroup.FOOD,
        names=("Gula Merah {word}", "Gula Siwalan {owner}"),
        products=(
            P("Gula merah siwalan", Unit.KG, (18_000, 30_000), (100, 1500)),
            P("Gula merah kelapa", Unit.KG, (15_000, 25_000), (100, 1500)),
            P("Gula semut", Unit.PACK, (10_000, 20_000), (100, 1000)),
        ),
        raw_materials=(
            ("Nira siwalan", Origin.SAME_DESA),
            ("Nira kelapa", Origin.SAME_DESA),
            ("Kayu bakar", Origin.SAME_KECAMATAN),
        ),
        food=True,
        female_owner=0.5,
        female_workers=0.5,
        investment=(5, 60),
        reach=(4, 5, 4, 2, 0.5, 0),
        equipment=("Wajan dan tungku hemat energi", "Cetakan gula"),
    ),
    "kue": Sector(
        kbli="10792",
        category=CommodityGroup.FOOD,
        names=("Kue {owner}", "Dapur {word}", "Aneka Kue {word}", "Kue dan Roti {word}"),
        products=(
            P("Kue basah aneka rasa", Unit.PIECE, (1_500, 3_500), (1000, 9000)),
            P("Wingko", Unit.PIECE, (2_000, 5_000), (500, 5000)),
            P("Bolu kukus", Unit.PIECE, (1_500, 3_000), (500, 6000)),
            P("Jenang", Unit.KG, (30_000, 60_000), (50, 600), kbli="10796"),
            P("Roti manis", Unit.PIECE, (2_500, 7_000), (500, 6000), kbli="10710"),
            P("Kue kering", Unit.BOX, (35_000, 90_000), (50, 800), kbli="10710"),
        ),
        raw_materials=(
            ("Tepung terigu", Origin.OUTSIDE),
            ("Gula pasir", Origin.OUTSIDE),
            ("Telur ayam", Origin.KABUPATEN),
            ("Kelapa", Origin.SAME_DESA),
            ("Tepung beras", Origin.SAME_KECAMATAN),
        ),
        food=True,
        female_owner=0.8,
        female_workers=0.8,
        investment=(5, 120),
        reach=FOOD_REACH,
        equipment=("Oven", "Mixer roti", "Etalase", "Gerobak"),
    ),
    "anyaman_lontar": Sector(
        kbli="16292",
        category=CommodityGroup.ANYAMAN,
        names=("Anyaman Lontar {desa} {word}", "Kerajinan Lontar {word}", "Anyaman {owner}"),
        products=(
            P("Tas anyaman daun lontar", Unit.PIECE, (35_000, 150_000), (50, 400)),
            P("Kipas lontar", Unit.PIECE, (5_000, 15_000), (200, 2000)),
            P("Topi lontar", Unit.PIECE, (15_000, 40_000), (100, 800)),
            P("Tikar lontar", Unit.SHEET, (50_000, 150_000), (20, 200)),
            P("Keranjang lontar", Unit.PIECE, (20_000, 60_000), (50, 500)),
        ),
        raw_materials=(
            ("Daun lontar", Origin.SAME_DESA),
            ("Pewarna tekstil", Origin.OUTSIDE),
            ("Kain pelapis", Origin.OUTSIDE),
        ),
        female_owner=0.75,
        female_workers=0.85,
        investment=(5, 60),
        reach=CRAFT_REACH,
        countries=CRAFT_COUNTRIES,
        equipment=("Mesin jahit", "Alat potong dan pres daun"),
    ),
    "anyaman_bambu": Sector(
        kbli="16291",
        category=CommodityGroup.ANYAMAN,
        names=("Anyaman Bambu {word}", "Kerajinan Bambu {owner}", "Bambu {word}"),
        products=(
            P("Tampah bambu", Unit.PIECE, (15_000, 35_000), (100, 800)),
            P("Besek bambu", Unit.KODI, (40_000, 90_000), (20, 200)),
            P("Keranjang bambu", Unit.PIECE, (20_000, 75_000), (50, 500)),
            P("Kap lampu bambu", Unit.PIECE, (50_000, 250_000), (20, 200)),
            P("Caping bambu", Unit.PIECE, (15_000, 35_000), (100, 800)),
        ),
        raw_materials=(
            ("Bambu apus", Origin.SAME_DESA),
            ("Bambu wulung", Origin.SAME_KECAMATAN),
            ("Pernis", Origin.OUTSIDE),
        ),
        female_owner=0.5,
        female_workers=0.6,
        investment=(5, 60),
        reach=CRAFT_REACH,
        countries=CRAFT_COUNTRIES,
        equipment=("Mesin pembelah bambu", "Gergaji listrik"),
    ),
    "kayu_jati": Sector(
        kbli="16293",
        category=CommodityGroup.WOOD,
        names=("Mebel Jati {word}", "Ukir Jati {word}", "Kerajinan Kayu {word}", "UD Jati {word}"),
        products=(
            P("Ukiran kayu jati", Unit.PIECE, (150_000, 2_500_000), (10, 80)),
            P("Hiasan akar jati", Unit.PIECE, (250_000, 3_000_000), (5, 40)),
            P("Miniatur kapal kayu", Unit.PIECE, (100_000, 750_000), (10, 60)),
            P("Kursi tamu kayu jati", Unit.SET, (3_500_000, 12_000_000), (2, 20), kbli="31001"),
            P("Meja makan kayu jati", Unit.PIECE, (1_500_000, 6_000_000), (2, 20), kbli="31001"),
            P("Lemari kayu jati", Unit.PIECE, (2_500_000, 9_000_000), (2, 15), kbli="31001"),
        ),
        raw_materials=(
            ("Kayu jati", Origin.KABUPATEN),
            ("Akar jati", Origin.SAME_KECAMATAN),
            ("Pernis dan plitur", Origin.OUTSIDE),
            ("Lem kayu", Origin.OUTSIDE),
        ),
        female_owner=0.1,
        female_workers=0.15,
        investment=(20, 600),
        reach=(1, 2, 4, 4, 3, 0.6),
        countries=CRAFT_COUNTRIES,
        equipment=("Mesin serut kayu", "Gergaji mesin", "Kompresor dan spray gun"),
    ),
    "gerabah": Sector(
        kbli="23939",
        category=CommodityGroup.GERABAH,
        names=("Gerabah {word}", "Kerajinan Tanah Liat {owner}"),
        products=(
            P("Gentong tanah liat", Unit.PIECE, (50_000, 150_000), (20, 200)),
            P("Pot gerabah", Unit.PIECE, (10_000, 75_000), (100, 1000)),
            P("Cobek tanah liat", Unit.PIECE, (8_000, 20_000), (200, 1500)),
            P("Kendi", Unit.PIECE, (10_000, 25_000), (100, 800)),
        ),
        raw_materials=(
            ("Tanah liat", Origin.SAME_DESA),
            ("Pasir", Origin.SAME_KECAMATAN),
            ("Kayu bakar", Origin.SAME_DESA),
        ),
        female_owner=0.4,
        female_workers=0.5,
        investment=(5, 80),
        reach=(3, 4, 4, 2, 1, 0),
        equipment=("Alat putar gerabah", "Tungku pembakaran"),
    ),
    "konveksi": Sector(
        kbli="14111",
        category=CommodityGroup.FASHION,
        names=("Konveksi {word}", "Penjahit {owner}", "Busana {word}", "Bordir {word}"),
        products=(
            P("Seragam sekolah", Unit.SET, (90_000, 200_000), (50, 600)),
            P("Kaos sablon", Unit.PIECE, (35_000, 75_000), (100, 1500)),
            P("Mukena bordir", Unit.PIECE, (100_000, 300_000), (30, 300)),
            P("Kerudung", Unit.PIECE, (25_000, 80_000), (100, 1200)),
        ),
        raw_materials=(
            ("Kain katun", Origin.OUTSIDE),
            ("Benang jahit", Origin.OUTSIDE),
            ("Kancing dan ritsleting", Origin.OUTSIDE),
        ),
        female_owner=0.65,
        female_workers=0.8,
        investment=(5, 250),
        reach=(2, 4, 5, 2, 1, 0),
        equipment=("Mesin jahit", "Mesin obras", "Mesin bordir"),
    ),
    "kerajinan_kerang": Sector(
        kbli="32903",
        category=CommodityGroup.OTHER_CRAFT,
        names=("Kerajinan Kerang {word}", "Souvenir {word}"),
        products=(
            P("Hiasan dinding kerang", Unit.PIECE, (25_000, 150_000), (30, 300)),
            P("Gantungan kunci kerang", Unit.KODI, (30_000, 60_000), (20, 200)),
            P("Lampu hias kerang", Unit.PIECE, (75_000, 300_000), (10, 100)),
        ),
        raw_materials=(("Kerang laut", Origin.SAME_DESA), ("Lem dan pernis", Origin.OUTSIDE)),
        female_owner=0.6,
        female_workers=0.7,
        investment=(5, 50),
        reach=(2, 3, 4, 3, 2, 0.3),
        countries=ASIA,
        equipment=("Mesin gerinda kecil", "Bor listrik"),
        words=COASTAL_WORDS,
    ),
    # Codes 25931 (alat pertanian) and 23922 (batu bata) are not in the KBLI seed table yet.
    "pande_besi": Sector(
        kbli=None,
        category=CommodityGroup.METAL,
        names=("Pande Besi {owner}", "Bengkel Las {word}"),
        products=(
            P("Sabit", Unit.PIECE, (40_000, 90_000), (50, 400)),
            P("Cangkul", Unit.PIECE, (60_000, 130_000), (30, 300)),
            P("Pisau dapur", Unit.PIECE, (25_000, 75_000), (50, 500)),
        ),
        raw_materials=(("Besi bekas per mobil", Origin.KABUPATEN), ("Arang kayu", Origin.SAME_KECAMATAN)),
        female_owner=0.05,
        female_workers=0.05,
        investment=(5, 80),
        reach=(4, 5, 4, 1, 0, 0),
        equipment=("Blower tungku", "Mesin gerinda"),
    ),
    "bata_kapur": Sector(
        kbli=None,
        category=CommodityGroup.CHEMICAL,
        names=("Bahan Bangunan {word}", "Batu Bata {owner}", "UD {word}"),
        products=(
            P("Batu bata merah", Unit.PIECE, (500, 900), (10_000, 80_000)),
            P("Batako", Unit.PIECE, (2_500, 4_500), (2_000, 20_000)),
            P("Kapur tohor", Unit.KG, (1_000, 2_500), (2_000, 30_000)),
        ),
        raw_materials=(
            ("Tanah liat", Origin.SAME_DESA),
            ("Batu kapur", Origin.SAME_DESA),
            ("Sekam padi", Origin.SAME_KECAMATAN),
        ),
        female_owner=0.15,
        female_workers=0.3,
        investment=(10, 200),
        reach=(5, 5, 3, 0.5, 0, 0),
        equipment=("Mesin cetak batako", "Tungku pembakaran"),
    ),
}
del P

MOTIFS = ("Lok Can", "Kijing Miring", "Ganggeng", "Krompol", "Panji Konang", "Kembang Waluh")

INLAND = {
    "keripik": 3, "kue": 3, "gula_merah": 1, "konveksi": 1.5, "kayu_jati": 1.5, "anyaman_bambu": 1,
    "bata_kapur": 1, "pande_besi": 0.5, "gerabah": 0.3, "sambal": 0.5, "legen_siwalan": 0.5,
}  # fmt: skip
COASTAL = {**INLAND, "ikan_asin": 4, "kerupuk": 4, "terasi": 1.5, "olahan_ikan": 1, "kerajinan_kerang": 0.5}
COASTAL["legen_siwalan"] = 1.5


def _mix(base, **extra):
    mix = dict(base)
    for key, weight in extra.items():
        mix[key] = mix.get(key, 0) + weight
    return mix


# Kecamatan: (share of businesses, sector mix). Shares follow population and known centres.
KECAMATAN_MIX = {
    "Kenduruan": (4, _mix(INLAND, keripik=6, kayu_jati=1)),
    "Jatirogo": (5, _mix(INLAND, kayu_jati=3)),
    "Bangilan": (4, _mix(INLAND, kayu_jati=2)),
    "Bancar": (6, _mix(COASTAL, olahan_ikan=4)),
    "Senori": (3.5, _mix(INLAND, kayu_jati=2)),
    "Tambakboyo": (6, _mix(COASTAL, terasi=8)),
    "Singgahan": (3.5, _mix(INLAND, kayu_jati=2)),
    "Kerek": (9, _mix(INLAND, batik_gedog=14, tenun_gedog=9)),
    "Parengan": (4.5, _mix(INLAND, kayu_jati=2)),
    "Montong": (4.5, _mix(INLAND, emping_jagung=6)),
    "Soko": (5, _mix(INLAND)),
    "Jenu": (5.5, _mix(COASTAL, kerupuk=1)),
    "Merakurak": (5, _mix(INLAND, anyaman_bambu=8)),
    "Rengel": (5, _mix(INLAND, gerabah=1.5)),
    "Semanding": (6.5, _mix(INLAND, anyaman_lontar=8, legen_siwalan=3, bata_kapur=2)),
    "Tuban": (8, _mix(COASTAL, konveksi=4, kue=4, batik_gedog=2, kerajinan_kerang=1)),
    "Plumpang": (4.5, _mix(INLAND, gerabah=1)),
    "Palang": (6, _mix(COASTAL, legen_siwalan=3, ikan_asin=2)),
    "Widang": (4, _mix(INLAND, gerabah=1.5)),
    "Grabagan": (3.5, _mix(INLAND, sambal=5)),
}

# (kecamatan, sector) -> (desa names, probability that a business of that sector sits there).
DESA_FOCUS = {
    ("Kerek", "batik_gedog"): (("Margorejo", "Gaji", "Kedungrejo", "Karanglo"), 0.85),
    ("Kerek", "tenun_gedog"): (("Margorejo", "Gaji", "Kedungrejo", "Karanglo"), 0.85),
    ("Tambakboyo", "terasi"): (("Gadon",), 0.75),
    ("Semanding", "anyaman_lontar"): (("Tunah",), 0.8),
    ("Kenduruan", "keripik"): (("Sidomukti",), 0.6),
    ("Montong", "emping_jagung"): (("Montongsekar",), 0.8),
    ("Bancar", "olahan_ikan"): (("Bulumeduro",), 0.7),
    ("Grabagan", "sambal"): (("Dahor",), 0.7),
}
COASTAL_SECTORS = {"terasi", "ikan_asin", "kerupuk", "olahan_ikan", "kerajinan_kerang"}
COASTAL_DESA = {
    "Bancar": ("Bulumeduro", "Margosuko", "Bogorejo", "Karangrejo", "Sukolilo", "Bulujowo"),
    "Tambakboyo": ("Gadon", "Tambakboyo", "Pabeyan", "Dasin", "Kenanti", "Sawir", "Glondonggede", "Cokrowati"),
    "Jenu": ("Jenu", "Socorejo", "Tasikharjo", "Purworejo", "Remen", "Mentoso", "Beji", "Sugihwaras"),
    "Tuban": ("Karangsari", "Kingking", "Sidomulyo", "Kutorejo"),
    "Palang": ("Panyuran", "Palang", "Karangagung", "Glodog", "Cepokorejo", "Tasikmadu", "Pliwetan", "Leran Wetan"),
}
PELAKU_PLACE = ("Kerek", "Margorejo", "batik_gedog")  # the demo owner's business
