"""Makers of n admin-visible objects per model, for the query-count tests.

Each maker returns the objects it made; reference tables (kecamatan, desa, KBLI) already
hold Tuban's rows from the data migration, so the makers add test rows next to them.
"""

import itertools
import uuid
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import Association, DataDrive, DriveReminder, Membership, Officer
from registry.models import (
    Assistance,
    Business,
    Certification,
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
from tests.factories import (
    AssistanceFactory,
    AssociationFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    MembershipFactory,
    NeedFactory,
    OfficerFactory,
    ProductFactory,
    ProductionReportFactory,
    kbli,
)

_serial = itertools.count(1)

# The smallest valid GIF: ImageField stores it without complaint.
GIF = (
    b"GIF87a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def kerek():
    return Kecamatan.objects.get(code="35.23.08")


def photo(product, position=0):
    image = SimpleUploadedFile(f"foto-{next(_serial)}.gif", GIF, content_type="image/gif")
    return ProductPhoto.objects.create(product=product, image=image, caption=f"Foto {position}", position=position)


def raw_material(product):
    return RawMaterial.objects.create(product=product, name=f"Benang kapas {next(_serial)}", origin="kabupaten")


def make_kecamatan(n):
    made = []
    for _ in range(n):
        i = next(_serial) % 100
        made.append(Kecamatan.objects.create(code=f"35.9{i:02d}", name=f"Kecamatan Uji {i}"))
    return made


def make_desa(n):
    made = []
    for _ in range(n):
        i = next(_serial) % 1000
        made.append(Desa.objects.create(code=f"35.23.08.9{i:03d}", kecamatan=kerek(), name=f"Uji {i}", kind="desa"))
    return made


def make_kbli(n):
    return [
        Kbli.objects.create(code=f"9{next(_serial):04d}", version="2025", title="Industri uji", group="kain_batik")
        for _ in range(n)
    ]


def make_market_area(n):
    return [MarketAreaFactory(level=MarketArea.Level.KECAMATAN, kecamatan=kerek(), share_percent=30) for _ in range(n)]


def make_association(n):
    # Half of them sub-units, so that the parent and kecamatan columns are filled.
    made = []
    for i in range(n):
        if i % 2:
            made.append(
                AssociationFactory(
                    unit_kind=Association.UnitKind.KECAMATAN, parent=AssociationFactory(), kecamatan=kerek()
                )
            )
        else:
            made.append(AssociationFactory())
    return made


MAKERS = {
    Kecamatan: make_kecamatan,
    Desa: make_desa,
    Kbli: make_kbli,
    Business: lambda n: BusinessFactory.create_batch(n, kbli=kbli()),
    Product: lambda n: ProductFactory.create_batch(n, kbli=kbli()),
    ProductPhoto: lambda n: [photo(ProductFactory()) for _ in range(n)],
    RawMaterial: lambda n: [raw_material(ProductFactory()) for _ in range(n)],
    ProductionReport: lambda n: ProductionReportFactory.create_batch(n),
    MarketArea: make_market_area,
    Certification: lambda n: CertificationFactory.create_batch(n),
    Need: lambda n: NeedFactory.create_batch(n),
    Assistance: lambda n: AssistanceFactory.create_batch(n),
    Association: make_association,
    Officer: lambda n: OfficerFactory.create_batch(n),
    Membership: lambda n: MembershipFactory.create_batch(n, joined_on=date(2025, 6, 1)),
    DataDrive: lambda n: [make_drive() for _ in range(n)],
    DriveReminder: lambda n: [make_reminder() for _ in range(n)],
}


def make_drive():
    return DataDrive.objects.create(
        association=AssociationFactory(), starts_on=date(2026, 11, 1), deadline=date(2026, 11, 8)
    )


def make_reminder():
    membership = MembershipFactory(joined_on=date(2025, 6, 1))
    drive = DataDrive.objects.create(
        association=membership.association, starts_on=date(2026, 11, 1), deadline=date(2026, 11, 8)
    )
    return DriveReminder.objects.create(
        drive=drive, membership=membership, sent_on=date(2026, 11, 2), email="a@example.id", batch=uuid.uuid4()
    )


def add_children_to_business(business, n):
    for _ in range(n):
        ProductFactory(business=business, kbli=kbli())
        AssistanceFactory(business=business)
    kinds = ["pelatihan", "permodalan", "alat", "pemasaran", "sertifikasi", "kemasan"]
    already = set(business.needs.values_list("kind", flat=True))
    for kind in [k for k in kinds if k not in already][:n]:
        NeedFactory(business=business, kind=kind)


def add_children_to_product(product, n):
    done = product.production_reports.count()
    for i in range(n):
        CertificationFactory(product=product)
        MarketAreaFactory(product=product, level=MarketArea.Level.KECAMATAN, kecamatan=kerek(), share_percent=1)
        raw_material(product)
        photo(product, position=i)
        # Semester I and II of each year (a full-year report would overlap them).
        ProductionReportFactory(product=product, year=2000 + (done + i) // 2, semester=1 + (done + i) % 2)


def add_children_to_association(association, n):
    OfficerFactory.create_batch(n, association=association)


PARENTS = {
    Business: (lambda: BusinessFactory(), add_children_to_business),
    Product: (lambda: ProductFactory(), add_children_to_product),
    Association: (lambda: AssociationFactory(), add_children_to_association),
}
