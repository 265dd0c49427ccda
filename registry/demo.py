"""Deterministic, realistic demo data for the registry (the `seed_demo` command).

Tuban's real product mix, weighted by place: batik and tenun gedog around Kerek, terasi in
Gadon, anyaman lontar in Tunah, anyaman bambu in Merakurak, fish products on the coast, the
OVOP villages' rumah produksi (Sidomukti, Montongsekar, Bulumeduro, Dahor), and everyday
food, wood, clay and sewing workshops everywhere else (DOMAIN.md).

Design:
- Same seed, same data. Business number i draws everything it owns (products, reports,
  markets, certificates, needs, aid) from its own `random.Random(f"{seed}:{i}")`, so the
  first 40 businesses are the same whether 40 or 100,000 are made, and no global state
  (Faker, `random`) is touched. Dates follow the current year: reports cover the last
  three complete years.
- Fast: reference tables are read once into dicts and rows are built in Python, 2,000
  businesses at a time, inside one transaction. Businesses and products go through
  bulk_create (their ids are needed); the 2 million leaf rows of 100,000 businesses
  (reports, markets, materials...) are plain tuples written by `insert_rows` (COPY on
  PostgreSQL, multi-row INSERT elsewhere), which is what keeps 100,000 businesses at a
  few minutes. None of it writes django-simple-history rows; for demo data that is fine.
- Once only: demo data is made when the registry has no business yet. There is no marker
  telling a demo row from a real one, so `reset` deletes every business, product,
  association and everything under them (regions, KBLI and user accounts stay).
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import math
import random
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from organizations.drives import drive_start
from organizations.models import Association, DataDrive, DriveReminder, Membership, Officer
from registry import places
from registry.completeness_store import refresh_completeness
from registry.models import (
    AidKind,
    Assistance,
    Business,
    Certification,
    CommodityGroup,
    Desa,
    Kbli,
    Kecamatan,
    MarketArea,
    Need,
    Product,
    ProductionReport,
    ProductPhoto,
    RawMaterial,
    Unit,
)
from tuban_ikm import roles

DEFAULT_BUSINESSES = 300
DEFAULT_SEED = 2022
DEFAULT_PASSWORD = "demo12345"
CHUNK = 2000  # businesses built and written per round; bounds memory at 100,000
BATCH_SIZE = 2000

CENTS = Decimal("0.01")
JUTA = 1_000_000
Origin = RawMaterial.Origin
Level = MarketArea.Level
Channel = MarketArea.Channel

# --- Catalogue: what Tuban makes, and where -------------------------------------------------


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

# --- People, places, words -------------------------------------------------------------------

MALE_NAMES = (
    "Suparno", "Sutrisno", "Slamet", "Bambang", "Joko", "Agus", "Budi", "Heri", "Eko", "Wahyu",
    "Rudi", "Sugeng", "Supriyadi", "Mulyono", "Darmaji", "Kasiman", "Sukirno", "Ahmad", "Muhammad",
    "Abdul", "Imam", "Fauzi", "Syaiful", "Arif", "Teguh", "Hadi", "Yusuf", "Rizky", "Fajar", "Taufik",
    "Anwar", "Mujiono", "Kusnadi", "Sunarto", "Parji", "Karsono", "Rohman", "Khoirul", "Nur Hasan", "Sholikin",
)  # fmt: skip
FEMALE_NAMES = (
    "Siti", "Sri", "Sumiati", "Suwarni", "Sulastri", "Endang", "Tutik", "Wiwik", "Yuli", "Lilik", "Rini",
    "Dewi", "Aminah", "Umi", "Sumarni", "Kasmirah", "Warsini", "Painah", "Tumini", "Sutini", "Ngatini",
    "Rukmini", "Maryam", "Fatimah", "Nurul", "Anik", "Indah", "Ratna", "Puji", "Sholikah", "Musyarofah",
    "Kustini", "Partini", "Lasmi", "Darmi", "Murtini", "Kartini", "Khusnul", "Zulaikha", "Nikmatul",
)  # fmt: skip
MALE_SURNAMES = (
    "Santoso", "Wibowo", "Hartono", "Prasetyo", "Setiawan", "Hidayat", "Susanto", "Purnomo", "Riyanto",
    "Wijaya", "Saputra", "Effendi", "Hakim", "Ma'ruf", "Sholeh", "Rofiq", "Mashuri", "Haryanto", "Sugiarto",
)  # fmt: skip
FEMALE_SURNAMES = (
    "Wahyuni", "Rahayu", "Lestari", "Handayani", "Susanti", "Ningsih", "Utami", "Purwanti", "Setyowati",
    "Wulandari", "Maisaroh", "Mufidah", "Hidayati", "Kurniawati", "Rohmah", "Fitriani", "Muawanah",
)  # fmt: skip
STREETS = (
    "Jl. Raya {kecamatan}", "Jl. Sunan Bonang", "Jl. Basuki Rahmat", "Jl. Pemuda", "Jl. Diponegoro",
    "Jl. Veteran", "Jl. Teuku Umar", "Jl. Panglima Sudirman", "Jl. Gajah Mada", "Jl. Hayam Wuruk",
    "Jl. Kartini", "Jl. Pahlawan", "Jl. Ronggolawe", "Jl. Manunggal", "Jl. Masjid",
)  # fmt: skip
DUSUN = (
    "Krajan", "Ngablak", "Jambean", "Kauman", "Kedungsari", "Karangasem", "Ngemplak", "Sumberan", "Wetan",
    "Kulon", "Tegalan", "Gedangan", "Ngasinan", "Sendang", "Baturan",
)  # fmt: skip
MOBILE_PREFIXES = (
    "811", "812", "813", "821", "822", "823", "852", "853", "856", "857", "858", "877", "878", "895", "896",
)  # fmt: skip
NIB_PREFIXES = ("912", "812", "220", "030")
NPWP_TYPES = ("01", "02", "03", "07", "08", "09", "31", "34")
NPWP_OFFICES = ("648", "647", "601", "614")

PROVINCE_PLACES = (
    "Kabupaten Lamongan", "Kabupaten Bojonegoro", "Kabupaten Gresik", "Kota Surabaya", "Kabupaten Sidoarjo",
    "Kota Malang", "Kabupaten Jombang", "Kabupaten Mojokerto", "Kabupaten Ngawi", "Kota Kediri",
)  # fmt: skip
NATIONAL_PLACES = (
    "Kota Administrasi Jakarta Selatan", "Kota Semarang", "Kota Bandung", "Kota Yogyakarta", "Kota Denpasar",
    "Kota Tangerang", "Kota Samarinda", "Kota Banjarmasin", "Kota Makassar", "Kota Medan",
)  # fmt: skip
CHANNELS = {
    Level.DESA: ((Channel.DIRECT, Channel.RESELLER), (85, 15)),
    Level.KECAMATAN: ((Channel.DIRECT, Channel.RESELLER), (60, 40)),
    Level.KABUPATEN: ((Channel.RESELLER, Channel.DIRECT, Channel.MARKETPLACE, Channel.EKATALOG), (50, 30, 12, 8)),
    Level.PROVINSI: ((Channel.RESELLER, Channel.MARKETPLACE, Channel.EKATALOG), (55, 40, 5)),
    Level.NASIONAL: ((Channel.MARKETPLACE, Channel.RESELLER, Channel.EKATALOG), (70, 25, 5)),
}
LEVELS = (Level.DESA, Level.KECAMATAN, Level.KABUPATEN, Level.PROVINSI, Level.NASIONAL, Level.EKSPOR)

RETURN_REASONS = (
    "Jumlah produksi melebihi kapasitas terpasang; mohon dicek kembali.",
    "Nilai bahan baku belum diisi.",
    "Satuan produksi tidak sesuai dengan satuan produk.",
    "Nilai produksi terlalu rendah dibanding harga jual; mohon diperbaiki.",
)
PROFILE_RETURNS = (
    ("Nomor NIB belum sesuai dengan data OSS.", ["nib"]),
    ("Nomor telepon tidak dapat dihubungi, mohon diperbarui.", ["phone"]),
    ("Nilai investasi tampak terlalu besar untuk usaha rumahan; mohon dicek ulang.", ["investment"]),
    ("Titik lokasi belum sesuai dengan alamat usaha.", ["latitude", "longitude"]),
    ("Jumlah tenaga kerja belum diisi lengkap.", ["workers_male", "workers_female"]),
)
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
AGENCY_DINAS = "Disnakerin Kabupaten Tuban"
AGENCY_KOPDAG = "Dinas Koperasi UKM dan Perdagangan Kabupaten Tuban"
EQUIPMENT_2023_LIMIT = 200  # 200 sewing machines and 200 carts, December 2023 (DOMAIN.md)
SEWING_SECTORS = {"batik_gedog", "tenun_gedog", "konveksi", "anyaman_lontar"}

UMBRELLA_NAME = "Asosiasi IKM Kabupaten Tuban"
UMBRELLA_FOUNDED = date(2022, 6, 9)  # formed within a week of the Bupati's meeting of 2 June 2022
UNIT_KECAMATAN = ("Kerek", "Tambakboyo", "Semanding", "Merakurak", "Bancar")
CLUSTERS = {
    "Klaster Batik dan Tenun": ("Batik dan tenun gedog", {"batik_gedog", "tenun_gedog"}),
    "Klaster Olahan Hasil Laut": ("Terasi, ikan asin, kerupuk", {"terasi", "ikan_asin", "kerupuk", "olahan_ikan"}),
    "Klaster Anyaman": ("Anyaman lontar dan bambu", {"anyaman_lontar", "anyaman_bambu"}),
}
IG_NAME = "Batik Tulis Tenun Gedog Tuban"
IG_DATE = date(2025, 11, 12)

# The demo logins: username -> (role group, is_staff, first name, last name).
DEMO_USERS = {
    "dinas": (roles.STAF_DINAS, True, "Rina", "Kusumawati"),
    "pimpinan": (roles.PIMPINAN, True, "Bambang", "Hartono"),
    "pengurus": (roles.PENGURUS_ASOSIASI, False, "Slamet", "Riyadi"),
    "pelaku": (roles.PELAKU_IKM, False, "", ""),  # named after the business they own
}
# Other officers: accounts without a usable password.
OFFICER_USERS = {
    "pengurus_sekretaris": ("Umi", "Mufidah"),
    "pengurus_bendahara": ("Heri", "Susanto"),
    "pengurus_kerek": ("Kasmirah", "Utami"),
    "pengurus_batik": ("Painah", "Setyowati"),
}

DEFAULT_GEOJSON = Path(settings.BASE_DIR).parent / "shared" / "geo" / "tuban_desa.geojson"

# --- Results ----------------------------------------------------------------------------------


@dataclass
class SeedResult:
    created: bool
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    pelaku_business: str = ""
    coordinates: bool = False


# --- Small helpers ---------------------------------------------------------------------------


class Weighted:
    """Items drawn by weight. The cumulative weights are computed once: random.choices would
    redo that on every call, and this runs millions of times at 100,000 businesses."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, items, weights):
        self.items = tuple(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        # The same draw as random.choices(items, cum_weights=...)[0].
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total, 0, len(self.items) - 1)]


# Plain strings (enum member access is slow in a hot loop) and the distributions used per row.
ACTIVE = Business.Status.ACTIVE.value
VERIFIED = Business.Verification.VERIFIED.value
RETURNED = Business.Verification.RETURNED.value
DRAFT = Business.Verification.DRAFT.value
REPORT_RETURNED = ProductionReport.Status.RETURNED.value
MEMBER = Membership.Status
MEMBER_APPLIED, MEMBER_LEFT = MEMBER.APPLIED.value, MEMBER.LEFT.value
ORIGINS = tuple(Origin.values)
EKSPOR = Level.EKSPOR.value
PIRT, HALAL, BPOM, MEREK, TKDN, IG = (
    Certification.Kind.PIRT.value,
    Certification.Kind.HALAL.value,
    Certification.Kind.BPOM.value,
    Certification.Kind.MEREK.value,
    Certification.Kind.TKDN.value,
    Certification.Kind.IG.value,
)
AID_KINDS = tuple(AidKind.values)
AID_STATUS = tuple(Assistance.Status.values)
MONITORED, HANDED_OVER = Assistance.Status.MONITORED.value, Assistance.Status.HANDED_OVER.value
TEXTILE = {CommodityGroup.BATIK.value, CommodityGroup.TENUN.value}
TKDN_GROUPS = {CommodityGroup.BATIK.value, CommodityGroup.FASHION.value, CommodityGroup.WOOD.value}

BUSINESS_STATUS = Weighted(Business.Status.values, (88, 6, 3, 3))
VERIFICATION = Weighted(Business.Verification.values, (20, 15, 5, 60))
LEGAL_FORM_MICRO = Weighted(("perorangan", "ud", "cv", "pt_perorangan", "koperasi", "firma"), (78, 12, 4, 3, 2, 1))
LEGAL_FORM_MEDIUM = Weighted(("cv", "pt", "ud", "koperasi"), (40, 30, 20, 10))
LEGAL_FORM_LARGE = Weighted(("pt", "cv"), (80, 20))
LEGAL_PREFIX = {"ud": "UD", "cv": "CV", "pt": "PT", "pt_perorangan": "PT", "koperasi": "Koperasi"}
FORMAL = {"pt", "cv", "pt_perorangan", "koperasi", "firma"}
PRODUCT_COUNT = Weighted((1, 2, 3, 4), (45, 30, 17, 8))
MARKET_COUNT = Weighted((1, 2, 3, 4), (30, 35, 25, 10))
# Production reports: older years are settled; the last one is still being checked.
REPORT_STATUS = {
    "old": Weighted(ProductionReport.Status.values, (0, 2, 1, 97)),
    1: Weighted(ProductionReport.Status.values, (4, 10, 6, 80)),
    2: Weighted(ProductionReport.Status.values, (10, 25, 10, 55)),
}
MEMBER_STATUS_ACTIVE = Weighted(MEMBER.values, (8, 84, 4, 4))
MEMBER_STATUS_CLOSED = Weighted((MEMBER.INACTIVE.value, MEMBER.LEFT.value), (50, 50))
NEED_COUNT = Weighted((0, 1, 2, 3), (25, 40, 25, 10))
AID_COUNT = Weighted((0, 1, 2), (30, 50, 20))
AID_STATUS_RECENT = Weighted(AID_STATUS, (30, 30, 25, 15))
AID_STATUS_OLD = Weighted(AID_STATUS, (0, 5, 35, 60))
CHANNEL_BY_LEVEL = {level: Weighted(*pair) for level, pair in CHANNELS.items()}
AID_NOTES = (
    "Dipakai setiap hari untuk produksi; kondisi baik.",
    "Sudah dipakai, produksi naik sejak menerima bantuan.",
    "Jarang dipakai; pemilik perlu pendampingan.",
)


def money(value):
    """A Decimal with two places, as the database returns it."""
    return Decimal(int(value)).quantize(CENTS)


def round_to(value, step):
    return max(step, int(round(value / step)) * step)


def log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def random_date(rng, start, end):
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def sample_weighted(rng, items, weights, k):
    """k distinct items, drawn by weight."""
    items, weights = list(items), list(weights)
    picked = []
    while items and len(picked) < k:
        index = rng.choices(range(len(items)), weights)[0]
        picked.append(items.pop(index))
        weights.pop(index)
    return picked


def split_shares(rng, parts, total):
    """`parts` positive whole percentages adding up to `total`, largest first."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return sorted(shares, reverse=True)


def npwp_number(rng):
    """A 15-digit NPWP whose ninth digit is the Luhn check digit over the first eight."""
    base = rng.choice(NPWP_TYPES) + f"{rng.randrange(10**6):06d}"
    return base + luhn.calc_check_digit(base) + rng.choice(NPWP_OFFICES) + "000"


def load_desa_centres(path):
    """Desa code -> (lat, lng) from the boundary GeoJSON, or {} when the file is missing."""
    path = Path(path) if path else None
    if not path or not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    centres = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        if props.get("kode") and props.get("lat") is not None and props.get("lng") is not None:
            centres[props["kode"]] = (float(props["lat"]), float(props["lng"]))
    return centres


# --- Users and the association -----------------------------------------------------------------


def demo_users_ensure(*, password):
    """Create or update the four demo logins (password reset to `password`); returns them by name."""
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=[r[0] for r in DEMO_USERS.values()])}
    users = {}
    for username, (role, is_staff, first_name, last_name) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(username=username)
        if created or first_name:
            user.first_name, user.last_name = first_name or user.first_name, last_name or user.last_name
        user.is_staff = is_staff
        user.is_active = True
        user.set_password(password)
        user.save()
        if role in groups:
            user.groups.set([groups[role]])
        if is_staff:
            demo_staff_otp_ensure(user=user)
        users[username] = user
    return users


# Demo staff sign in with two-factor verification like real staff. Their authenticator key is
# this published value (add it to any TOTP app, or run `manage.py demo_otp_code`): demo only.
DEMO_TOTP_SECRET = "TUBANIKMDEMOTUBANIKMDEMOTUBANIKM"


def demo_otp_code():
    """The current six-digit code of DEMO_TOTP_SECRET."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"


def demo_staff_otp_ensure(*, user):
    """Give a demo staff account a confirmed authenticator with DEMO_TOTP_SECRET."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = b32decode(DEMO_TOTP_SECRET).hex()
    TOTPDevice.objects.filter(user=user).exclude(key=key).delete()
    TOTPDevice.objects.get_or_create(user=user, key=key, defaults={"name": "Demo", "confirmed": True})


def _officer_user(username, first_name, last_name, group):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        if group:
            user.groups.add(group)
    return user


@dataclass
class Associations:
    umbrella: Association
    by_kecamatan: dict[str, Association]
    by_sector: dict[str, Association]


def demo_association_ensure(*, kecamatan_by_name, pengurus):
    """The umbrella association, its sub-units and officers (get-or-create, so safe to repeat)."""
    umbrella, _ = Association.objects.get_or_create(
        name=UMBRELLA_NAME,
        unit_kind=Association.UnitKind.UMBRELLA,
        defaults={
            "short_name": "AIKM Tuban",
            "sk_number": "AHU-0008123.AH.01.07.TAHUN 2022",
            "sk_date": date(2022, 7, 20),
            "founded_on": UMBRELLA_FOUNDED,
            "address": "d/a Disnakerin Kabupaten Tuban, Tuban",
        },
    )
    by_kecamatan = {}
    for name in UNIT_KECAMATAN:
        by_kecamatan[name], _ = Association.objects.get_or_create(
            parent=umbrella,
            name=f"Unit Kecamatan {name}",
            defaults={
                "unit_kind": Association.UnitKind.KECAMATAN,
                "kecamatan": kecamatan_by_name[name],
                "founded_on": date(2022, 8, 1),
            },
        )
    by_sector = {}
    for name, (sector_label, sectors) in CLUSTERS.items():
        unit, _ = Association.objects.get_or_create(
            parent=umbrella,
            name=name,
            defaults={"unit_kind": Association.UnitKind.SECTOR, "sector": sector_label, "founded_on": date(2022, 9, 1)},
        )
        for sector in sectors:
            by_sector[sector] = unit

    group = Group.objects.filter(name=roles.PENGURUS_ASOSIASI).first()
    term = {"term_start": UMBRELLA_FOUNDED, "term_end": date(2027, 6, 8)}
    officers = [(umbrella, pengurus, Officer.Role.KETUA)]
    officers += [
        (umbrella, _officer_user("pengurus_sekretaris", *OFFICER_USERS["pengurus_sekretaris"], group), "sekretaris"),
        (umbrella, _officer_user("pengurus_bendahara", *OFFICER_USERS["pengurus_bendahara"], group), "bendahara"),
        (by_kecamatan["Kerek"], _officer_user("pengurus_kerek", *OFFICER_USERS["pengurus_kerek"], group), "ketua"),
        (
            by_sector["batik_gedog"],
            _officer_user("pengurus_batik", *OFFICER_USERS["pengurus_batik"], group),
            "ketua",
        ),
    ]
    for association, user, role in officers:
        Officer.objects.get_or_create(association=association, user=user, role=role, defaults=term)
    return Associations(umbrella, by_kecamatan, by_sector)


# --- Reset ---------------------------------------------------------------------------------------

# Children first. Tables whose rows are only reachable from these are emptied with one
# DELETE each; anything else pointing at them (a model added later) goes through the ORM.
WIPE_ORDER = (
    Assistance,
    Need,
    Certification,
    MarketArea,
    ProductionReport,
    RawMaterial,
    ProductPhoto,
    Product,
    DriveReminder,
    DataDrive,
    Membership,
    Officer,
    Business,
    Association,
)


def demo_reset():
    """Delete every business, product, association and what hangs off them, and their history.

    Regions, KBLI codes and user accounts stay. There is no marker that tells demo rows from
    real ones, so this is for development and demo databases only.
    """
    wiped = set()
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in WIPE_ORDER:
            others = [
                rel
                for rel in model._meta.related_objects
                if rel.related_model not in wiped
                and rel.related_model is not model
                and rel.on_delete is not models.DO_NOTHING
            ]
            if others:
                # Something we do not know about refers to these rows: let Django cascade,
                # without writing a history row for every deleted object.
                from django.test.utils import override_settings

                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    model._base_manager.all().delete()
            else:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
            wiped.add(model)
            history = getattr(model, "history", None)
            if history is not None:
                cursor.execute(f"DELETE FROM {quote(history.model._meta.db_table)}")


def demo_data_exists():
    return Business.objects.exists()


# --- Generation -----------------------------------------------------------------------------------

# Leaf rows are plain tuples in these column orders (the owner's id first, filled at write time).
RAW_MATERIAL_COLUMNS = ("product_id", "name", "origin")
REPORT_COLUMNS = (
    "product_id", "year", "semester", "quantity", "production_value", "raw_material_value", "status", "return_reason",
)  # fmt: skip
MARKET_COLUMNS = ("product_id", "level", "kecamatan_id", "region_code", "country", "share_percent", "channel")
CERTIFICATION_COLUMNS = ("product_id", "kind", "number", "issued_on", "expires_on", "tkdn_percent")
NEED_COLUMNS = ("business_id", "kind", "description")
ASSISTANCE_COLUMNS = ("business_id", "programme", "agency", "year", "kind", "item", "value", "status", "note")
MEMBERSHIP_COLUMNS = (
    "business_id", "association_id", "umbrella_id", "member_number", "status", "joined_on", "left_on",
)  # fmt: skip


@dataclass
class ProductPlan:
    product: Product
    raw_materials: list  # (name, origin)
    reports: list  # REPORT_COLUMNS without product_id
    markets: list  # MARKET_COLUMNS without product_id
    certifications: list  # CERTIFICATION_COLUMNS without product_id


@dataclass
class BusinessPlan:
    business: Business
    products: list
    needs: list  # NEED_COLUMNS without business_id
    assistance: list  # ASSISTANCE_COLUMNS without business_id
    membership: tuple | None  # MEMBERSHIP_COLUMNS without business_id


class DemoBuilder:
    """Plans business number i and everything it owns, from its own random stream."""

    def __init__(self, *, seed, today, associations, dinas, pelaku, centres, taken_nibs):
        self.seed = seed
        self.today = today
        self.year = today.year
        self.report_years = (self.year - 3, self.year - 2, self.year - 1)
        self.associations = associations
        self.dinas_id = dinas.pk
        self.pelaku = pelaku
        self.centres = centres
        self.nibs = set(taken_nibs)
        self.equipment_given = {"Mesin jahit": 0, "Gerobak": 0}
        self.member_seq = 0
        self.tz = timezone.get_current_timezone()

        self.kecamatan = {k.name: k for k in Kecamatan.objects.all()}
        self.kecamatan_codes = sorted(k.code for k in self.kecamatan.values())
        desa_rows = Desa.objects.select_related("kecamatan").order_by("code")
        self.desa = {(d.kecamatan.name, d.name): d for d in desa_rows}
        self.desa_by_kecamatan = {}
        for d in self.desa.values():
            self.desa_by_kecamatan.setdefault(d.kecamatan.name, []).append(d)
        self.kbli = {k.code: k for k in Kbli.objects.filter(version=Kbli.Version.KBLI_2020)}
        self._check_catalogue()

        self.kecamatan_pick = Weighted(KECAMATAN_MIX, [share for share, _ in KECAMATAN_MIX.values()])
        self.sector_pick = {name: Weighted(mix, mix.values()) for name, (_, mix) in KECAMATAN_MIX.items()}
        # The first businesses visit every kecamatan once, the demo owner's Kerek first.
        by_code = sorted(self.kecamatan.values(), key=lambda k: k.code)
        self.round_robin = [PELAKU_PLACE[0]] + [k.name for k in by_code if k.name != PELAKU_PLACE[0]]

    def _check_catalogue(self):
        missing = [name for name in KECAMATAN_MIX if name not in self.kecamatan]
        places = [(kec, desa) for (kec, _), (names, _) in DESA_FOCUS.items() for desa in names]
        places += [(kec, desa) for kec, names in COASTAL_DESA.items() for desa in names]
        places.append(PELAKU_PLACE[:2])
        missing += [f"{desa} ({kec})" for kec, desa in places if (kec, desa) not in self.desa]
        codes = {s.kbli for s in SECTORS.values() if s.kbli} | {
            p.kbli for s in SECTORS.values() for p in s.products if p.kbli
        }
        missing += [f"KBLI {code}" for code in sorted(codes - set(self.kbli))]
        if missing:
            raise LookupError("Data referensi belum lengkap (jalankan migrate dan load_regions): " + ", ".join(missing))

    # -- one business ------------------------------------------------------------------------

    def place(self, index, rng):
        if index == 0:
            kecamatan, desa_name, sector = PELAKU_PLACE
            return self.desa[(kecamatan, desa_name)], sector
        if index < len(self.round_robin):
            kecamatan = self.round_robin[index]
        else:
            kecamatan = self.kecamatan_pick.pick(rng)
        sector = self.sector_pick[kecamatan].pick(rng)
        focus = DESA_FOCUS.get((kecamatan, sector))
        if focus and rng.random() < focus[1]:
            return self.desa[(kecamatan, rng.choice(focus[0]))], sector
        if sector in COASTAL_SECTORS and kecamatan in COASTAL_DESA and rng.random() < 0.85:
            return self.desa[(kecamatan, rng.choice(COASTAL_DESA[kecamatan]))], sector
        return rng.choice(self.desa_by_kecamatan[kecamatan]), sector

    def build(self, index):
        rng = random.Random(f"{self.seed}:{index}")
        desa, sector_key = self.place(index, rng)
        sector = SECTORS[sector_key]
        kecamatan = desa.kecamatan.name
        is_pelaku = index == 0
        besar = index % 200 == 7  # one or two Industri Besar in the default 300

        female = rng.random() < sector.female_owner
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        owner_name = first
        if rng.random() < 0.7:
            owner_name += " " + rng.choice(FEMALE_SURNAMES if female else MALE_SURNAMES)
        owner_call = ("Bu " if female else "Pak ") + first.split()[0]

        # Workers: mostly 1-19 (BPS: 1-4 rumah tangga, 5-19 kecil), a few 20+.
        roll = rng.random()
        if besar:
            workers = rng.randint(60, 250)
        elif roll < 0.55:
            workers = rng.randint(1, 4)
        elif roll < 0.94:
            workers = rng.randint(5, 19)
        elif roll < 0.995:
            workers = rng.randint(20, 60)
        else:
            workers = rng.randint(61, 150)
        women = min(workers, max(0, round(workers * sector.female_workers + rng.uniform(-1.5, 1.5))))

        # Investment excluding land and buildings, in juta: mostly 5 juta - 900 juta.
        roll = rng.random()
        if besar:
            investment_juta = rng.uniform(16_000, 60_000)
        elif workers >= 20:
            investment_juta = log_uniform(rng, 300, 8_000)
        elif roll < 0.03:
            investment_juta = log_uniform(rng, 1_000, 12_000)
        else:
            investment_juta = min(900, log_uniform(rng, *sector.investment) * (1 + workers / 15))
        investment = money(round_to(investment_juta * JUTA, 500_000))
        if not besar and not is_pelaku and rng.random() < 0.03:
            investment = None  # not reported: the size class stays empty
        sales_juta = investment_juta * rng.uniform(0.8, 3.0) + workers * rng.uniform(10, 30)
        yearly_sales = money(round_to(sales_juta * JUTA, JUTA)) if rng.random() > 0.04 else None

        if besar or investment_juta >= 5_000:
            legal_form = LEGAL_FORM_LARGE.pick(rng)
        elif investment_juta >= 1_000 or workers >= 20:
            legal_form = LEGAL_FORM_MEDIUM.pick(rng)
        else:
            legal_form = LEGAL_FORM_MICRO.pick(rng)
        if legal_form == "koperasi" and workers < 5:
            legal_form = "ud"
        word = rng.choice(GENERAL_WORDS + sector.words)
        name = rng.choice(sector.names).format(word=word, owner=owner_call, desa=desa.name)
        prefix = LEGAL_PREFIX.get(legal_form)
        if prefix and not name.startswith(prefix + " "):
            name = f"{prefix} {name}"
        brand = word if rng.random() < 0.45 else ""

        formal = legal_form in FORMAL
        nib = self._nib(rng) if is_pelaku or rng.random() < (0.95 if formal else 0.58) else None
        npwp = npwp_number(rng) if rng.random() < (0.8 if formal else 0.2) else ""
        phone = ""
        if rng.random() < 0.92:
            if rng.random() < 0.9:
                phone = f"+62{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7, 10**8)}"
            else:
                phone = f"+62356{rng.randrange(3 * 10**5, 9 * 10**5)}"
        email = ""
        if rng.random() < 0.25:
            email = f"{slugify(name).replace('-', '')[:30]}{rng.randrange(10, 100)}@example.com"
        rt_rw = f"RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 5):03d}"
        if rng.random() < 0.6:
            address = f"{rng.choice(STREETS).format(kecamatan=kecamatan)} No. {rng.randint(1, 150)}, {rt_rw}"
        else:
            address = f"Dusun {rng.choice(DUSUN)} {rt_rw}"
        latitude = longitude = None
        centre = self.centres.get(desa.code)
        if centre and rng.random() < 0.75:
            latitude, longitude = self._near(rng, centre)

        count = 2 if is_pelaku else PRODUCT_COUNT.pick(rng)
        kinds = rng.sample(sector.products, min(count, len(sector.products)))
        # The business's KBLI is its main product's (jenang 10796 in a kue workshop).
        kbli_code = kinds[0].kbli or sector.kbli
        years_ago = min(45, int(rng.expovariate(1 / 9)))
        if is_pelaku:
            years_ago = max(years_ago, 4)  # the demo owner has three years of reports
        year_started = self.year - 1 - years_ago
        status = ACTIVE if is_pelaku else BUSINESS_STATUS.pick(rng)
        active = status == ACTIVE

        business = Business(
            name=name,
            brand=brand,
            legal_form=legal_form,
            nib=nib,
            npwp=npwp,
            owner=self.pelaku if is_pelaku else None,
            owner_name=owner_name,
            owner_gender="P" if female else "L",
            phone=phone,
            email=email,
            address=address,
            desa=desa,
            latitude=latitude,
            longitude=longitude,
            year_started=year_started,
            kbli=self.kbli[kbli_code] if kbli_code and rng.random() < 0.95 else None,
            status=status,
            workers_male=workers - women,
            workers_female=women,
            investment=investment,
            land_building_value=money(round_to(log_uniform(rng, 20, 800) * JUTA, JUTA)) if rng.random() < 0.6 else None,
            yearly_sales=yearly_sales,
            publish_phone=bool(phone) and rng.random() < 0.45,
            publish_email=bool(email) and rng.random() < 0.5,
            publish_address=rng.random() < 0.5,
        )
        self._verification(rng, business, force=is_pelaku)

        last_year = self.report_years[-1] if active else rng.choice(self.report_years[:2])
        scale = 1 + min(workers, 60) / 8
        products = [
            self._product(rng, business, sector, kind, scale, last_year, position)
            for position, kind in enumerate(kinds, start=1)
        ]
        return BusinessPlan(
            business,
            products,
            self._needs(rng, sector),
            self._assistance(rng, sector, sector_key, active),
            self._membership(rng, business, sector_key, kecamatan, active, force=is_pelaku),
        )

    def _nib(self, rng):
        while True:
            nib = rng.choice(NIB_PREFIXES) + f"{rng.randrange(10**10):010d}"
            if nib not in self.nibs:
                self.nibs.add(nib)
                return nib

    def _near(self, rng, centre):
        bounds = settings.TUBAN_BOUNDS
        lat = min(max(centre[0] + rng.uniform(-0.006, 0.006), bounds["lat_min"]), bounds["lat_max"])
        lng = min(max(centre[1] + rng.uniform(-0.006, 0.006), bounds["lng_min"]), bounds["lng_max"])
        return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")

    def _aware(self, day, rng):
        return datetime(day.year, day.month, day.day, rng.randrange(8, 16), rng.randrange(60), tzinfo=self.tz)

    def _verification(self, rng, business, force=False):
        status = VERIFIED if force else VERIFICATION.pick(rng)
        business.verification_status = status
        if status == DRAFT:
            return
        submitted = random_date(rng, self.today - timedelta(days=540), self.today - timedelta(days=3))
        business.submitted_at = self._aware(submitted, rng)
        if status == RETURNED:
            note, fields = rng.choice(PROFILE_RETURNS)
            business.verification_note, business.fields_to_fix = note, list(fields)
        elif status == VERIFIED:
            verified = min(self.today, submitted + timedelta(days=rng.randint(1, 30)))
            business.verified_at = self._aware(verified, rng)
            business.verified_by_id = self.dinas_id

    def _product(self, rng, business, sector, kind, scale, last_year, position):
        name = kind.name.format(motif=rng.choice(MOTIFS))
        installed = max(1, int(rng.uniform(*kind.capacity) * scale))
        produced = max(1, int(installed * rng.uniform(0.5, 1.0)))
        low, high = kind.price
        step = 100 if high < 10_000 else 500 if high < 200_000 else 5_000
        price = round_to(rng.uniform(low, high), step)
        sku = ""
        if rng.random() < 0.35:
            sku = "".join(w[0] for w in name.split()[:3]).upper() + f"-{position:02d}{rng.randrange(10)}"
        kbli_code = kind.kbli or sector.kbli
        product = Product(
            name=name,
            category=sector.category,
            kbli=self.kbli[kbli_code] if kbli_code else None,
            sku=sku,
            unit=kind.unit,
            installed_capacity_per_month=money(installed),
            production_capacity_per_month=money(produced),
            price=money(price),
            description=f"{name}, buatan {business.desa.name}, Kecamatan {business.desa.kecamatan.name}, Tuban.",
        )
        picked = rng.sample(sector.raw_materials, rng.randint(1, min(3, len(sector.raw_materials))))
        materials = [(material, origin if rng.random() < 0.75 else rng.choice(ORIGINS)) for material, origin in picked]
        return ProductPlan(
            product,
            materials,
            self._reports(rng, business, produced, price, last_year),
            self._markets(rng, business, sector),
            self._certifications(rng, business, sector),
        )

    def _reports(self, rng, business, produced, price, last_year):
        reports = []
        utilisation = rng.uniform(0.5, 0.95)
        growth = rng.uniform(-0.05, 0.15)
        first_year, latest = self.report_years[0], self.report_years[-1]
        for year in self.report_years:
            if year < (business.year_started or 0) or year > last_year:
                continue
            for semester in (1, 2):
                status = REPORT_STATUS[semester if year == latest else "old"].pick(rng)
                factor = (1 + growth * (year - first_year)) * rng.uniform(0.9, 1.1)
                quantity = max(0, int(produced * 6 * utilisation * factor))
                value = round_to(quantity * price * (1 - 0.04 * (latest - year)), 1000) if quantity else 0
                raw_value = None
                if quantity and rng.random() > 0.05:
                    raw_value = money(round_to(value * rng.uniform(0.35, 0.65), 1000))
                reason = rng.choice(RETURN_REASONS) if status == REPORT_RETURNED else ""
                reports.append((year, semester, money(quantity), money(value), raw_value, status, reason))
        return reports

    def _markets(self, rng, business, sector):
        reach = sector.reach if sector.countries else (*sector.reach[:5], 0)
        levels = sample_weighted(
            rng, [lv for lv, w in zip(LEVELS, reach, strict=True) if w], [w for w in reach if w], MARKET_COUNT.pick(rng)
        )
        total = max(100 if rng.random() < 0.7 else rng.randint(50, 95), len(levels))
        markets = []
        own = business.desa.kecamatan_id
        for level, share in zip(levels, split_shares(rng, len(levels), total), strict=True):
            kecamatan = place = country = ""
            if level == EKSPOR:
                country, channel = rng.choice(sector.countries), Channel.EXPORT.value
            else:
                channel = CHANNEL_BY_LEVEL[level].pick(rng)
                if level in (Level.DESA, Level.KECAMATAN):
                    kecamatan = own
                elif level == Level.KABUPATEN:
                    kecamatan = rng.choice(self.kecamatan_codes)
                elif level == Level.PROVINSI:
                    place = rng.choice(PROVINCE_PLACES)
                else:
                    place = rng.choice(NATIONAL_PLACES)
            # Places by code, as the owner's form and the import store them.
            region, country = places.find_kabupaten_kota(place) if place else "", places.find_country(country)
            markets.append((str(level), kecamatan or None, region, country, money(share), channel))
        return markets

    def _certifications(self, rng, business, sector):
        certs = []
        today, year = self.today, self.year
        if sector.food:
            if (business.investment or 0) >= 200 * JUTA and rng.random() < 0.3:
                issued = random_date(rng, date(year - 6, 1, 1), today)
                certs.append((BPOM, f"MD{rng.randrange(10**11, 10**12):012d}", issued, add_years(issued, 5), None))
            elif rng.random() < 0.55:
                # 15 digits: digits 4-7 the kabupaten code, the last two the expiry year.
                issued = random_date(rng, date(year - 6, 1, 1), today)
                expires = add_years(issued, 5)
                number = (
                    f"{rng.choice('25')}{rng.randrange(100):02d}3523{rng.randrange(10**6):06d}{expires.year % 100:02d}"
                )
                certs.append((PIRT, number, issued, expires, None))
            if rng.random() < 0.4:
                issued = random_date(rng, date(year - 4, 1, 1), today)
                certs.append((HALAL, f"ID35{rng.randrange(10**15):015d}", issued, None, None))
        if business.brand and rng.random() < 0.15:
            issued = random_date(rng, date(year - 12, 1, 1), today)
            certs.append((MEREK, f"IDM000{rng.randrange(10**6):06d}", issued, add_years(issued, 10), None))
        if sector.category in TKDN_GROUPS and rng.random() < 0.03:
            issued = random_date(rng, date(year - 3, 1, 1), today)
            number = f"{rng.randrange(1000, 99999)}/SJ-IND.8/TKDN/{issued.year}"
            certs.append((TKDN, number, issued, add_years(issued, 3), money(rng.randint(40, 85))))
        if (
            sector.category in TEXTILE
            and business.desa.kecamatan.name == "Kerek"
            and today >= IG_DATE
            and rng.random() < 0.4
        ):
            certs.append((IG, IG_NAME, IG_DATE, None, None))
        return certs

    def _needs(self, rng, sector):
        return [
            (kind, rng.choice(NEED_TEXTS[kind] or sector.equipment))
            for kind in rng.sample(AID_KINDS, NEED_COUNT.pick(rng))
        ]

    def _assistance(self, rng, sector, sector_key, active):
        records = []
        if rng.random() > 0.4:
            return records
        # The December 2023 equipment aid: 200 sewing machines and 200 carts.
        item = "Mesin jahit" if sector_key in SEWING_SECTORS else "Gerobak" if "Gerobak" in sector.equipment else None
        if item and self.equipment_given[item] < EQUIPMENT_2023_LIMIT and rng.random() < 0.5:
            self.equipment_given[item] += 1
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
            year = rng.randint(self.year - 4, self.year - 1)
            if value == "loan":
                value = round_to(log_uniform(rng, 10, 150) * JUTA, 5 * JUTA)
                item_text = f"Pinjaman modal kerja Rp{value // JUTA} juta"
            status = (AID_STATUS_RECENT if year >= self.year - 1 else AID_STATUS_OLD).pick(rng)
            note = "Sudah dimonitor; usaha berjalan." if status == MONITORED else ""
            records.append((programme, agency, year, kind, item_text, money(value) if value else None, status, note))
        return records

    def _membership(self, rng, business, sector_key, kecamatan, active, force=False):
        if not force and rng.random() > 0.85:
            return None
        assoc = self.associations
        association = assoc.umbrella
        if sector_key in assoc.by_sector and rng.random() < 0.4:
            association = assoc.by_sector[sector_key]
        elif kecamatan in assoc.by_kecamatan and rng.random() < 0.8:
            association = assoc.by_kecamatan[kecamatan]
        if force:
            status = MEMBER.ACTIVE.value
        else:
            status = (MEMBER_STATUS_ACTIVE if active else MEMBER_STATUS_CLOSED).pick(rng)
        joined = random_date(rng, UMBRELLA_FOUNDED, self.today - timedelta(days=30))
        number = ""
        if status != MEMBER_APPLIED:
            self.member_seq += 1
            number = f"AIKM-{business.desa.kecamatan_id[-2:]}-{self.member_seq:06d}"
        return (
            association.pk,
            assoc.umbrella.pk,  # Membership.save sets the umbrella; these rows skip save()
            number,
            status,
            None if status == MEMBER_APPLIED else joined,
            random_date(rng, joined, self.today) if status == MEMBER_LEFT else None,
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


def public_snapshot_of(plan):
    """The same dict as services.public_snapshot, built from the rows in memory (no queries)."""
    business = plan.business
    products = []
    for item in sorted(plan.products, key=lambda item: (item.product.name, item.product.pk)):
        product = item.product
        certs = [
            Certification(kind=kind, number=number, expires_on=expires)
            for kind, number, _, expires, _ in sorted(item.certifications, key=lambda row: row[0])
        ]
        products.append(
            {
                "id": product.pk,
                "name": product.name,
                "category": product.category,
                "unit": product.unit,
                "price": str(product.price) if product.price is not None else None,
                "production_capacity_per_month": str(product.production_capacity_per_month or ""),
                "description": product.description,
                "photos": [],
                "certifications": [
                    {
                        "kind": c.kind,
                        "number": c.formatted_number(),
                        "expires_on": c.expires_on and c.expires_on.isoformat(),
                    }
                    for c in certs
                ],
            }
        )
    return {
        "name": business.name,
        "brand": business.brand,
        "desa_code": business.desa_id,
        "desa": str(business.desa),
        "kbli": business.kbli.code if business.kbli_id else "",
        "phone": business.phone if business.publish_phone else "",
        "email": business.email if business.publish_email else "",
        "address": business.address if business.publish_address else "",
        "products": products,
    }


def insert_rows(model, columns, rows, now):
    """Write plain tuples (in `columns` order) to the model's table, fast.

    For the high-volume leaf tables (reports, markets, materials...): bulk_create spends
    about 120 microseconds a row in per-field Python work, which made 100,000 businesses
    (2.4 million rows) take over ten minutes. Values go to the driver as they are (int,
    str, Decimal, date); a column not given gets what bulk_create would put there: `now`
    for auto_now(_add) fields, else the field default (the database default when it has
    one). PostgreSQL gets COPY, other databases multi-row INSERTs.
    """
    if not rows:
        return
    given = [model._meta.get_field(name) for name in columns]
    named = {f.attname for f in given}
    extra_fields, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.generated or f.attname in named or f.db_default is not models.NOT_PROVIDED:
            continue
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        extra_fields.append(f)
        extra_values.append(now if auto else f.get_default())
    fields = given + extra_fields
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if _copy(cursor, table, [f.column for f in fields], rows, tuple(extra_values)):
            return
        extra = tuple(
            f.get_db_prep_save(value, connection) for f, value in zip(extra_fields, extra_values, strict=True)
        )
        quote = connection.ops.quote_name
        head = f"INSERT INTO {quote(table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
        row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
        per_statement = max(1, min(BATCH_SIZE, _max_query_params() // len(fields)))
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [value for row in chunk for value in (*row, *extra)]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)), params)


def _max_query_params():
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        # Django assumes SQLite's old limit of 999; modern builds allow 32,766 or more.
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 60_000


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value).translate(_COPY_ESCAPES)
    raise TypeError(type(value))


def _copy(cursor, table, columns, rows, extra=()):
    """COPY rows into a PostgreSQL table (psycopg2); False where COPY is not available."""
    raw = getattr(cursor, "cursor", None)
    if connection.vendor != "postgresql" or not hasattr(raw, "copy_expert"):
        return False
    try:
        tail = [_copy_text(value) for value in extra]
        lines = ["\t".join([*map(_copy_text, row), *tail]) for row in rows]
    except TypeError:
        return False
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    raw.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))
    return True


def _write_snapshots(pairs):
    """Set published_snapshot for (business id, snapshot dict) pairs."""
    if not pairs:
        return
    field = Business._meta.get_field("published_snapshot")
    quote = connection.ops.quote_name
    table, column, pk = quote(Business._meta.db_table), quote(field.column), quote(Business._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(getattr(cursor, "cursor", None), "copy_expert"):
            # One UPDATE per chunk from a temporary table: executemany would cost a round
            # trip per business.
            cursor.execute(
                "CREATE TEMPORARY TABLE IF NOT EXISTS demo_snapshot (id bigint, snapshot jsonb) ON COMMIT DROP"
            )
            _copy(cursor, "demo_snapshot", ["id", "snapshot"], pairs)
            cursor.execute(f"UPDATE {table} SET {column} = s.snapshot FROM demo_snapshot s WHERE {table}.{pk} = s.id")
            cursor.execute("TRUNCATE demo_snapshot")
        else:
            # SQLite runs executemany in C without round trips.
            cursor.executemany(
                f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",
                [(field.get_db_prep_save(snapshot, connection), business_id) for business_id, snapshot in pairs],
            )


def _write_chunk(plans, counts, now):
    """Insert one chunk of planned businesses and everything under them."""
    businesses = [plan.business for plan in plans]
    Business.objects.bulk_create(businesses, batch_size=BATCH_SIZE)
    products = []
    needs, aid, memberships = [], [], []
    for plan in plans:
        business_id = plan.business.pk
        for item in plan.products:
            item.product.business_id = business_id
            products.append(item.product)
        needs += [(business_id, *row) for row in plan.needs]
        aid += [(business_id, *row) for row in plan.assistance]
        if plan.membership is not None:
            memberships.append((business_id, *plan.membership))
    Product.objects.bulk_create(products, batch_size=BATCH_SIZE)

    materials, reports, markets, certs = [], [], [], []
    for plan in plans:
        for item in plan.products:
            product_id = item.product.pk
            materials += [(product_id, *row) for row in item.raw_materials]
            reports += [(product_id, *row) for row in item.reports]
            markets += [(product_id, *row) for row in item.markets]
            certs += [(product_id, *row) for row in item.certifications]
    for model, columns, rows in (
        (RawMaterial, RAW_MATERIAL_COLUMNS, materials),
        (ProductionReport, REPORT_COLUMNS, reports),
        (MarketArea, MARKET_COLUMNS, markets),
        (Certification, CERTIFICATION_COLUMNS, certs),
        (Need, NEED_COLUMNS, needs),
        (Assistance, ASSISTANCE_COLUMNS, aid),
        (Membership, MEMBERSHIP_COLUMNS, memberships),
    ):
        insert_rows(model, columns, rows, now)
        counts[model.__name__] = counts.get(model.__name__, 0) + len(rows)

    # The public snapshot of verified profiles needs the product ids, known only now.
    _write_snapshots(
        [
            (plan.business.pk, public_snapshot_of(plan))
            for plan in plans
            if plan.business.verification_status == VERIFIED
        ]
    )

    counts["Business"] = counts.get("Business", 0) + len(businesses)
    counts["Product"] = counts.get("Product", 0) + len(products)
    kecamatan = counts.setdefault("kecamatan_codes", set())
    for business in businesses:
        kecamatan.add(business.desa.kecamatan_id)
        if business.status == ACTIVE:
            counts["aktif"] = counts.get("aktif", 0) + 1


def demo_seed(
    *,
    businesses=DEFAULT_BUSINESSES,
    seed=DEFAULT_SEED,
    password=DEFAULT_PASSWORD,
    reset=False,
    today=None,
    geojson=DEFAULT_GEOJSON,
    progress=None,
):
    """Make the demo logins and, unless the registry already holds businesses, the demo data.

    Returns a SeedResult; `created` is False when existing data was kept (pass reset=True to
    delete it first). `progress(done, total)` is called after every chunk.
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if reset:
            demo_reset()
        users = demo_users_ensure(password=password)
        if demo_data_exists():
            owned = Business.objects.filter(owner=users["pelaku"]).first()
            return SeedResult(
                created=False,
                message=f"Data usaha sudah ada ({Business.objects.count()} usaha): data demo tidak dibuat ulang.",
                pelaku_business=owned.name if owned else "",
            )
        kecamatan_by_name = {k.name: k for k in Kecamatan.objects.all()}
        associations = demo_association_ensure(kecamatan_by_name=kecamatan_by_name, pengurus=users["pengurus"])
        centres = load_desa_centres(geojson)
        builder = DemoBuilder(
            seed=seed,
            today=today,
            associations=associations,
            dinas=users["dinas"],
            pelaku=users["pelaku"],
            centres=centres,
            taken_nibs=Business.objects.exclude(nib=None).values_list("nib", flat=True),
        )
        counts = {}
        now = timezone.now()
        pelaku_business = None
        for start in range(0, businesses, CHUNK):
            plans = [builder.build(index) for index in range(start, min(start + CHUNK, businesses))]
            if start == 0:
                pelaku_business = plans[0].business
            _write_chunk(plans, counts, now)
            if progress:
                progress(min(start + CHUNK, businesses), businesses)

        pelaku = users["pelaku"]
        pelaku.first_name, _, pelaku.last_name = pelaku_business.owner_name.partition(" ")
        pelaku.save(update_fields=["first_name", "last_name"])
        # Bulk inserts send no signals: compute the stored completeness the lists read.
        refresh_completeness()
        # The association's week of data gathering, as the officers would have started it.
        drive_start(
            association=associations.umbrella,
            deadline=today + timedelta(days=7),
            started_by=users["pengurus"],
            today=today,
        )

    counts["kecamatan"] = len(counts.pop("kecamatan_codes", ()))
    counts["Association"] = 1 + len(associations.by_kecamatan) + len(set(associations.by_sector.values()))
    return SeedResult(
        created=True,
        counts=counts,
        seconds=time.monotonic() - started,
        pelaku_business=pelaku_business.name,
        coordinates=bool(centres),
    )
