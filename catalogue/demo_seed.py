"""Demo data for the buyers' side: OVOP village programmes and rated products, demands with
offers (taken, declined, waiting), and katalog lokal proposals in each state.

`seed(rng, password)` runs after the registry demo and `publish_catalogue` (it reads the
published catalogue). It is idempotent: a second run changes nothing but the two logins'
passwords, and it reads a bounded number of rows whatever the registry's size.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from registry.models import Business, CommodityGroup, Desa, Product
from tuban_ikm import roles

from .models import Demand, DesaProgramme, EkatalogProposal, Offer, ProductAssessment, Programme, PublishedProduct

DEMO_LOGINS = {
    # username: (group, first name, last name)
    "pembeli": (roles.PEMBELI, "Dewi", "Pengadaan"),
    "penilai": (roles.PENILAI_OVOP, "Agus", "Penilai"),
}

# Tuban practice (DOMAIN.md): Rumah Produksi and OVOP desa and their flagship products.
OVOP_DESA = [
    ("Kerek", "Margorejo", CommodityGroup.BATIK, "Batik tulis tenun gedog"),
    ("Kenduruan", "Sidomukti", CommodityGroup.FOOD, "Keripik singkong"),
    ("Montong", "Montongsekar", CommodityGroup.FOOD, "Emping jagung"),
    ("Bancar", "Bulumeduro", CommodityGroup.FOOD, "Nugget dan pentol ikan"),
    ("Grabagan", "Dahor", CommodityGroup.FOOD, "Sambal"),
]

DEMANDS = [
    # title, commodity, quantity, unit, buyer, days until needed
    (
        "Kain batik gedog untuk seragam guru",
        CommodityGroup.BATIK,
        300,
        "lembar",
        "Dinas Pendidikan Kabupaten Tuban",
        60,
    ),
    ("Keripik dan camilan untuk rapat dinas", CommodityGroup.FOOD, 200, "kg", "Sekretariat Daerah Kabupaten Tuban", 21),
    ("Anyaman lontar untuk suvenir tamu", CommodityGroup.ANYAMAN, 150, "buah", "Disbudporapar Kabupaten Tuban", 45),
]

RATED_PRODUCTS = 18
ASSESSORS = "Tim Penilai OVOP Kabupaten Tuban (Disnakerin, Bappeda, akademisi)"


def _login(username, password):
    group_name, first_name, last_name = DEMO_LOGINS[username]
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name}
    )
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name))
    return user


def _programmes(year):
    ovop, _created = Programme.objects.get_or_create(
        name="OVOP Kemenperin", defaults={"kind": Programme.Kind.OVOP, "agency": "Kementerian Perindustrian"}
    )
    for kecamatan, desa_name, commodity, product in OVOP_DESA:
        desa = Desa.objects.filter(kecamatan__name__iexact=kecamatan, name__iexact=desa_name).first()
        if desa is None:
            continue
        DesaProgramme.objects.get_or_create(
            desa=desa,
            programme=ovop,
            year=year - 1,
            commodity=commodity,
            defaults={"product_name": product, "status": DesaProgramme.Status.ESTABLISHED},
        )


def _scores(rng, level):
    """Five criterion scores around `level` (1-5)."""
    return {name: max(1, min(5, level + rng.choice((-1, 0, 0, 1)))) for name in ProductAssessment.CRITERIA}


def _assessments(rng, assessor, today):
    if ProductAssessment.objects.exists():
        return
    # OVOP's five groups first, from as many desa as possible.
    ovop_groups = [
        CommodityGroup.FOOD,
        CommodityGroup.TENUN,
        CommodityGroup.BATIK,
        CommodityGroup.ANYAMAN,
        CommodityGroup.GERABAH,
    ]
    candidates = list(
        PublishedProduct.objects.filter(category__in=ovop_groups, product__isnull=False)
        .order_by("desa_id", "pk")
        .values_list("product_id", "desa_id")[:2000]
    )
    chosen, seen = [], set()
    for product_id, desa_id in candidates:
        if desa_id not in seen:
            seen.add(desa_id)
            chosen.append(product_id)
    rng.shuffle(chosen)
    rows = []
    for index, product_id in enumerate(chosen[:RATED_PRODUCTS]):
        level = (5, 4, 4, 3, 3, 2)[index % 6]
        for year in (today.year - 1, today.year):
            assessment = ProductAssessment(
                product_id=product_id,
                year=year,
                assessors=ASSESSORS,
                assessed_on=datetime.date(year, 10 if year < today.year else min(today.month, 11), 15),
                assessed_by=assessor,
                **_scores(rng, level if year == today.year else max(1, level - 1)),
            )
            assessment.total = assessment.compute_total()
            assessment.stars = ProductAssessment.stars_for(assessment.total)
            rows.append(assessment)
    ProductAssessment.objects.bulk_create(rows)


def _demands(rng, buyer, today):
    if Demand.objects.filter(posted_by=buyer).exists():
        return
    now = timezone.now()
    for title, commodity, quantity, unit, buyer_name, days in DEMANDS:
        demand = Demand.objects.create(
            title=title,
            commodity=commodity,
            quantity=Decimal(quantity),
            unit=unit,
            needed_by=today + datetime.timedelta(days=days),
            delivery_place=f"Kantor {buyer_name}",
            delivery_kecamatan_id="35.23.16",
            buyer_name=buyer_name,
            posted_by=buyer,
        )
        # Verified businesses that make it, the demo owner's (pelaku) first when it matches.
        businesses = list(
            Business.objects.filter(
                status=Business.Status.ACTIVE,
                verification_status=Business.Verification.VERIFIED,
                products__category=commodity,
            )
            .distinct()
            .order_by(F("owner_id").asc(nulls_last=True), "pk")[:4]
        )
        offers = []
        for position, business in enumerate(businesses):
            decision = ("taken", "declined", "", "")[position]
            offers.append(
                Offer(
                    demand=demand,
                    business=business,
                    quantity=Decimal(max(1, quantity // (position + 2))),
                    price=Decimal(rng.choice((25000, 40000, 75000, 150000, 325000))),
                    lead_time_days=rng.choice((7, 14, 21)),
                    taken=decision == "taken",
                    declined=decision == "declined",
                    decided_at=now if decision else None,
                    created_by_id=business.owner_id,
                )
            )
        Offer.objects.bulk_create(offers)


def _proposals(staff, today):
    if EkatalogProposal.objects.exists():
        return
    products = list(
        Product.objects.filter(
            business__status=Business.Status.ACTIVE, business__verification_status=Business.Verification.VERIFIED
        )
        .exclude(price__isnull=True)
        .order_by("-business__verified_at", "pk")[:5]
    )
    now = timezone.now()
    steps = [
        EkatalogProposal.Status.PROPOSED,
        EkatalogProposal.Status.ACCEPTED,
        EkatalogProposal.Status.LISTED,
        EkatalogProposal.Status.REJECTED,
        EkatalogProposal.Status.LISTED,
    ]
    rows = []
    for product, status in zip(products, steps, strict=False):
        proposal = EkatalogProposal(
            product=product, status=status, proposed_at=now - datetime.timedelta(days=40), proposed_by=staff
        )
        if status in (EkatalogProposal.Status.ACCEPTED, EkatalogProposal.Status.LISTED):
            proposal.accepted_at, proposal.accepted_by = now - datetime.timedelta(days=25), staff
        if status == EkatalogProposal.Status.LISTED:
            proposal.listed_at, proposal.listed_by = now - datetime.timedelta(days=10), staff
        if status == EkatalogProposal.Status.REJECTED:
            proposal.rejected_at, proposal.rejected_by = now - datetime.timedelta(days=20), staff
            proposal.note = "Foto produk belum sesuai ketentuan UKPBJ."
        rows.append(proposal)
    EkatalogProposal.objects.bulk_create(rows)


@transaction.atomic
def seed(rng, password, *, staff=None, today=None):
    """Fill the buyers' screens. `staff` records the proposals (the demo's `dinas` user)."""
    today = today or timezone.localdate()
    roles.sync_roles()
    buyer = _login("pembeli", password)
    assessor = _login("penilai", password)
    staff = staff or get_user_model().objects.filter(is_staff=True).order_by("pk").first()
    _programmes(today.year)
    _assessments(rng, assessor, today)
    _demands(rng, buyer, today)
    _proposals(staff, today)
    return {"pembeli": buyer, "penilai": assessor}
