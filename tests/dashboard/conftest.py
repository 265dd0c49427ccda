"""A small registry whose figures are worked out by hand in test_figures.py.

| business | kecamatan | KBLI | workers M+F | investment | class | status | verified |
|---|---|---|---|---|---|---|---|
| Batik Sekar (B1)  | Kerek      | 13134 batik   | 1+3  | 25 jt  | kecil    | aktif | yes |
| Keripik Jaya (B2) | Kenduruan  | 10794 keripik | 2+2  | 2 M    | menengah | aktif | no  |
| Terasi Gadon (B3) | Tambakboyo | 10215 terasi  | 0+5  | none   | (none)   | tutup | no  |
| Anyaman Tunah (B4)| Kerek      | none          | 25+0 | 20 M   | besar    | aktif | no  |

Production (counted = submitted or verified): 2024 B1 70 jt; 2025 B1 80 jt, B2 50 jt,
B3 30 jt (B1's 2025 S2 draft of 999 jt and B2's returned 2024 report do not count).
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from registry.models import (
    Assistance,
    Business,
    Certification,
    CommodityGroup,
    MarketArea,
    ProductionReport,
)
from tests.factories import (
    AssistanceFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    NeedFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
    desa,
    kbli,
)

GEOJSON = Path(settings.BASE_DIR).parent / "shared/geo/tuban_desa.geojson"
KEREK, KENDURUAN, TAMBAKBOYO = "35.23.08", "35.23.01", "35.23.06"
MILLION = Decimal("1000000")
VERIFIED = ProductionReport.Status.VERIFIED
SUBMITTED = ProductionReport.Status.SUBMITTED
HANDED_OVER = Assistance.Status.HANDED_OVER


def geojson_path():
    if not GEOJSON.exists():
        pytest.skip(f"Boundary test data not found at {GEOJSON} (the shared folder next to the project)")
    return GEOJSON


@dataclass
class Registry:
    batik: Business
    keripik: Business
    terasi: Business
    anyaman: Business


def build_registry(suffix=""):
    today = timezone.localdate()
    batik = BusinessFactory(
        name=f"Batik Sekar{suffix}",
        desa=desa("35.23.08.2008"),
        kbli=kbli("13134"),
        workers_male=1,
        workers_female=3,
        investment=25 * MILLION,
        verification_status=Business.Verification.VERIFIED,
    )
    keripik = BusinessFactory(
        name=f"Keripik Jaya{suffix}",
        desa=desa("35.23.01.2001"),
        kbli=kbli("10794"),
        workers_male=2,
        workers_female=2,
        investment=2000 * MILLION,
    )
    terasi = BusinessFactory(
        name=f"Terasi Gadon{suffix}",
        desa=desa("35.23.06.2008"),
        kbli=kbli("10215"),
        workers_male=0,
        workers_female=5,
        investment=None,
        status=Business.Status.CLOSED,
    )
    anyaman = BusinessFactory(
        name=f"Anyaman Tunah{suffix}",
        desa=desa("35.23.08.2001"),
        kbli=None,
        workers_male=25,
        workers_female=0,
        investment=20000 * MILLION,
    )

    kain = ProductFactory(business=batik, name=f"Kain batik gedog{suffix}", category=CommodityGroup.BATIK)
    ProductionReportFactory(product=kain, year=2024, semester=1, production_value=70 * MILLION, status=VERIFIED)
    ProductionReportFactory(product=kain, year=2025, semester=1, production_value=80 * MILLION, status=SUBMITTED)
    ProductionReportFactory(product=kain, year=2025, semester=2, production_value=999 * MILLION)  # draft
    MarketAreaFactory(product=kain, level=MarketArea.Level.KABUPATEN, share_percent=60)
    MarketAreaFactory(
        product=kain,
        level=MarketArea.Level.EKSPOR,
        country="MY",
        share_percent=40,
        channel=MarketArea.Channel.EXPORT,
    )
    CertificationFactory(product=kain)  # a trademark, valid until 2034

    chips = ProductFactory(business=keripik, name=f"Keripik singkong{suffix}", category=CommodityGroup.FOOD)
    ProductionReportFactory(product=chips, year=2025, semester=0, production_value=50 * MILLION, status=VERIFIED)
    ProductionReportFactory(
        product=chips,
        year=2024,
        semester=0,
        production_value=10 * MILLION,
        status=ProductionReport.Status.RETURNED,
        return_reason="Angka tidak wajar",
    )
    MarketAreaFactory(product=chips, level=MarketArea.Level.DESA, share_percent=100)
    CertificationFactory(
        product=chips,
        kind=Certification.Kind.PIRT,
        number="123352301234529",
        issued_on=today - timedelta(days=400),
        expires_on=today + timedelta(days=365),
    )
    CertificationFactory(
        product=chips,
        kind=Certification.Kind.HALAL,
        number="ID35110000123",
        issued_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=10),
    )

    paste = ProductFactory(business=terasi, name=f"Terasi udang{suffix}", category=CommodityGroup.FOOD)
    ProductionReportFactory(product=paste, year=2025, semester=1, production_value=30 * MILLION, status=VERIFIED)
    CertificationFactory(
        product=paste,
        kind=Certification.Kind.PIRT,
        number="223352301234529",
        issued_on=today - timedelta(days=1000),
        expires_on=today + timedelta(days=30),
    )
    NeedFactory(business=terasi, kind="pelatihan")
    NeedFactory(business=terasi, kind="permodalan")
    AssistanceFactory(business=terasi, kind="pelatihan", year=2024, status=HANDED_OVER, value=1 * MILLION)
    AssistanceFactory(business=terasi, kind="alat", year=2023, status=Assistance.Status.MONITORED, value=2 * MILLION)
    AssistanceFactory(business=terasi, kind="alat", year=2025, status=HANDED_OVER, value=3 * MILLION)

    ProductFactory(business=anyaman, name=f"Tas anyaman lontar{suffix}", category=CommodityGroup.ANYAMAN)
    NeedFactory(business=anyaman, kind="alat")
    AssistanceFactory(business=anyaman, kind="alat", year=2025, status=Assistance.Status.PROPOSED)
    return Registry(batik, keripik, terasi, anyaman)


@pytest.fixture
def registry(db):
    return build_registry()


@pytest.fixture
def viewer(db):
    """May read the registry but export nothing."""
    user = UserFactory(username="peninjau", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_business", content_type__app_label="registry"))
    return user
