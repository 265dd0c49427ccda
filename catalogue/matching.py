"""Which IKM could supply a demand, ranked, with the reasons shown to the poster.

Reads only the published catalogue (verified data of active businesses). Points:
KBLI match 30, same commodity group 25, product name matching the demand 15, monthly
capacity up to 25 (in proportion to the quantity asked, same unit only), 10 for each
certification asked for and held, and 15/10/5 for a supplier in the same, a neighbouring
or another kecamatan of Tuban than the delivery place.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Business, Certification
from registry.templatetags.rupiah import format_number

from . import regions
from .models import PublishedProduct

CANDIDATE_LIMIT = 2000  # products read per demand; the best-stocked first
GROUP_LIMIT = 10


@dataclass
class Reason:
    ok: bool
    text: str


@dataclass
class Match:
    business: object  # PublishedBusiness
    products: list = field(default_factory=list)
    capacity: Decimal = Decimal(0)
    score: int = 0
    reasons: list = field(default_factory=list)


@dataclass
class Group:
    members: list
    capacity: Decimal
    covers: bool


def _words(text):
    return [word for word in re.findall(r"\w+", (text or "").lower()) if len(word) >= 4][:5]


def candidate_products(demand):
    condition = Q(category=demand.commodity)
    if demand.kbli_id:
        condition |= Q(kbli_code=demand.kbli.code)
    for word in _words(demand.title):
        condition |= Q(name__icontains=word)
    return (
        PublishedProduct.objects.filter(condition, business__business__status=Business.Status.ACTIVE)
        .select_related("business", "kecamatan")
        .prefetch_related("certifications")
        .order_by("-capacity_per_month", "pk")[:CANDIDATE_LIMIT]
    )


def rank_suppliers(demand, limit=20):
    """Businesses that could supply `demand`, best first, each with its reasons."""
    words = _words(demand.title)
    today = timezone.localdate()
    required = [kind for kind in demand.required_certifications if kind in Certification.Kind.values]
    delivery = demand.delivery_kecamatan_id
    matches = {}
    for product in candidate_products(demand):
        match = matches.setdefault(product.business_id, Match(business=product.business))
        match.products.append(product)
        if product.unit == demand.unit and product.capacity_per_month:
            match.capacity += product.capacity_per_month
    for match in matches.values():
        products = match.products
        if demand.kbli_id and any(p.kbli_code == demand.kbli.code for p in products):
            match.score += 30
            match.reasons.append(Reason(True, _("KBLI sama (%(code)s)") % {"code": demand.kbli.code}))
        if any(p.category == demand.commodity for p in products):
            match.score += 25
            match.reasons.append(Reason(True, _("Kelompok komoditas sama")))
        named = [p.name for p in products if any(word in p.name.lower() for word in words)]
        if named:
            match.score += 15
            match.reasons.append(Reason(True, _("Produk cocok: %(names)s") % {"names": ", ".join(named[:3])}))
        unit = demand.get_unit_display()
        if match.capacity >= demand.quantity:
            match.score += 25
            match.reasons.append(
                Reason(
                    True,
                    _("Kapasitas %(capacity)s %(unit)s/bulan mencukupi")
                    % {"capacity": format_number(match.capacity), "unit": unit},
                )
            )
        elif match.capacity > 0:
            share = match.capacity / demand.quantity
            match.score += int(25 * share)
            match.reasons.append(
                Reason(
                    False,
                    _("Kapasitas %(capacity)s %(unit)s/bulan (%(percent)s%% dari jumlah)")
                    % {"capacity": format_number(match.capacity), "unit": unit, "percent": int(100 * share)},
                )
            )
        else:
            match.reasons.append(Reason(False, _("Kapasitas dalam %(unit)s belum diketahui") % {"unit": unit}))
        held = {
            c.kind for p in products for c in p.certifications.all() if c.expires_on is None or c.expires_on >= today
        }
        for kind in required:
            label = Certification.Kind(kind).label
            if kind in held:
                match.score += 10
                match.reasons.append(Reason(True, _("Memiliki %(cert)s") % {"cert": label}))
            else:
                match.reasons.append(Reason(False, _("Belum memiliki %(cert)s") % {"cert": label}))
        closeness = regions.proximity(delivery, match.business.kecamatan_id)
        kecamatan = products[0].kecamatan.name
        if closeness == regions.SAME:
            match.score += 15
            match.reasons.append(Reason(True, _("Satu kecamatan dengan tempat pengiriman (%(k)s)") % {"k": kecamatan}))
        elif closeness == regions.NEIGHBOUR:
            match.score += 10
            match.reasons.append(Reason(True, _("Kecamatan tetangga (%(k)s)") % {"k": kecamatan}))
        elif closeness == regions.KABUPATEN:
            match.score += 5
            match.reasons.append(Reason(True, _("Masih di Kabupaten Tuban (Kec. %(k)s)") % {"k": kecamatan}))
    ranked = sorted(matches.values(), key=lambda m: (-m.score, -m.capacity, m.business.name, m.business.pk))
    return ranked[:limit] if limit else ranked


def suggest_group(demand, ranked):
    """Several IKM that together reach the quantity, taken in rank order; None when the
    best one alone is enough or nobody has a known capacity."""
    with_capacity = [match for match in ranked if match.capacity > 0]
    if not with_capacity or with_capacity[0].capacity >= demand.quantity:
        return None
    members, total = [], Decimal(0)
    for match in with_capacity[:GROUP_LIMIT]:
        members.append(match)
        total += match.capacity
        if total >= demand.quantity:
            break
    if len(members) < 2:
        return None
    return Group(members=members, capacity=total, covers=total >= demand.quantity)
