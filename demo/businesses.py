"""Demo businesses and everything below them (demo/seed.py, the `seed_demo` command).

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

import io
import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn

from messaging.models import Message, Thread
from organizations.models import Association, DataDrive, DriveReminder, Membership, Officer
from registry import places
from registry.models import (
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
)

from . import aid, needs
from .association import UMBRELLA_FOUNDED
from .catalogue import (
    COASTAL_DESA,
    COASTAL_SECTORS,
    DESA_FOCUS,
    GENERAL_WORDS,
    KECAMATAN_MIX,
    MOTIFS,
    PELAKU_PLACE,
    SECTORS,
)
from .randomness import (
    JUTA,
    Weighted,
    add_years,
    log_uniform,
    money,
    random_date,
    round_to,
    sample_weighted,
    split_shares,
)

CHUNK = 2000  # businesses built and written per round; bounds memory at 100,000
BATCH_SIZE = 2000

Origin = RawMaterial.Origin
Level = MarketArea.Level
Channel = MarketArea.Channel

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
IG_NAME = "Batik Tulis Tenun Gedog Tuban"
IG_DATE = date(2025, 11, 12)

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
CHANNEL_BY_LEVEL = {level: Weighted(*pair) for level, pair in CHANNELS.items()}


def npwp_number(rng):
    """A 15-digit NPWP whose ninth digit is the Luhn check digit over the first eight."""
    base = rng.choice(NPWP_TYPES) + f"{rng.randrange(10**6):06d}"
    return base + luhn.calc_check_digit(base) + rng.choice(NPWP_OFFICES) + "000"


# --- Reset ---------------------------------------------------------------------------------------

# Children first. Tables whose rows are only reachable from these are emptied with one
# DELETE each; anything else pointing at them (a model added later) goes through the ORM.
WIPE_ORDER = (
    Message,
    Thread,
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
            needs.need_rows(rng, sector),
            aid.assistance_records(self, rng, sector, sector_key, active),
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
