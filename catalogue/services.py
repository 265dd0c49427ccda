"""Writes of the catalogue app: publishing verified data, offers and demand status."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Notification
from registry.models import Business, CommodityGroup, Desa, Product
from registry.templatetags.rupiah import format_number
from tuban_ikm.files import delete_on_commit
from tuban_ikm.outbox import email_queue, email_queue_many

from . import matching, search, sharing
from .models import (
    Demand,
    EkatalogProposal,
    Offer,
    ProductAssessment,
    PublishedBusiness,
    PublishedCertification,
    PublishedProduct,
    SentraIkm,
)

# A new demand is announced to at most this many businesses: the best-ranked by
# catalogue.matching (verified data), among those whose products share the demand's
# commodity group or KBLI. Others still find it on the board and in their "Permintaan yang
# cocok" panel; the cap keeps one posting from flooding every owner of a big commodity.
NOTIFY_LIMIT = 50

PUBLISH_BATCH = 1000  # businesses per transaction in publish_catalogue
PUBLISHED_BUSINESS_FIELDS = (
    "name",
    "brand",
    "desa",
    "kecamatan",
    "kbli_code",
    "phone",
    "email",
    "address",
    "published_at",
)


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def search_text(*parts):
    return " ".join(str(part) for part in parts if part).lower()


def photo_is_published(name):
    """Whether the public catalogue still shows a stored photo (names are random, so a text
    match on the JSON list is exact enough)."""
    return PublishedProduct.objects.filter(photos__icontains=name).exists()


def _published_photos(published_businesses):
    names = set()
    for photos in PublishedProduct.objects.filter(business__in=published_businesses).values_list("photos", flat=True):
        names.update(photos or [])
    return names


def forget_photos(names):
    """After the commit, remove photo files that neither a product nor the catalogue uses."""
    from django.core.files.storage import default_storage

    from registry.models import ProductPhoto

    def keep(name):
        return ProductPhoto.objects.filter(image=name).exists() or photo_is_published(name)

    for name in names:
        delete_on_commit(default_storage, name, keep=keep)


def _is_publishable(business):
    return (
        business.status == Business.Status.ACTIVE and bool(business.published_snapshot) and bool(business.verified_at)
    )


@transaction.atomic
def publish_business(business):
    """Copy the snapshot frozen at the last verification into the public catalogue.

    Only active, verified businesses with a snapshot are shown; anything else is removed.
    Contact details come from the snapshot, which holds them only where the owner consented.
    Safe to run twice: the business's published rows are replaced as a whole.
    """
    return publish_businesses([business]).get(business.pk)


@transaction.atomic
def publish_businesses(businesses):
    """`publish_business` for a batch of businesses in a fixed number of queries (about ten
    for the batch instead of about ten per business); returns {business id: PublishedBusiness}
    for those now shown. The one path for verification (a batch of one) and publish_catalogue.
    """
    businesses = list(businesses)
    ids = [business.pk for business in businesses]
    shown = [business for business in businesses if _is_publishable(business)]
    # Photos the owner removed since the last verification stayed on disk for the catalogue;
    # once the new copy no longer shows them they go.
    shown_before = _published_photos(PublishedBusiness.objects.filter(business_id__in=ids))
    gone = [business.pk for business in businesses if not _is_publishable(business)]
    if gone:
        PublishedBusiness.objects.filter(business_id__in=gone).delete()
    if not shown:
        forget_photos(shown_before)
        return {}
    shown_ids = [business.pk for business in shown]
    desas = Desa.objects.select_related("kecamatan").in_bulk({b.published_snapshot["desa_code"] for b in shown})
    existing = dict(PublishedBusiness.objects.filter(business_id__in=shown_ids).values_list("business_id", "pk"))
    # Republishing replaces a business's products (and their certifications) as a whole.
    PublishedProduct.objects.filter(business_id__in=existing.values()).delete()
    now = timezone.now()
    published, created = {}, []
    for business in shown:
        snapshot = business.published_snapshot
        desa = desas.get(snapshot["desa_code"])
        if desa is None:
            raise Desa.DoesNotExist(snapshot["desa_code"])
        row = PublishedBusiness(
            pk=existing.get(business.pk),
            business_id=business.pk,
            name=snapshot["name"],
            brand=snapshot.get("brand", ""),
            desa=desa,
            kecamatan=desa.kecamatan,
            kbli_code=snapshot.get("kbli", ""),
            phone=snapshot.get("phone", ""),
            email=snapshot.get("email", ""),
            address=snapshot.get("address", ""),
            published_at=now,
        )
        published[business.pk] = row
        if row.pk is None:
            created.append(row)
    # bulk_update writes one CASE WHEN per column over the batch: PostgreSQL's work grows with
    # the square of the batch, so small batches (a republish of 1,000 at once took 9 minutes).
    PublishedBusiness.objects.bulk_update(
        [row for row in published.values() if row.pk is not None], PUBLISHED_BUSINESS_FIELDS, batch_size=100
    )
    PublishedBusiness.objects.bulk_create(created, batch_size=1000)
    item_ids = [item["id"] for b in shown for item in b.published_snapshot.get("products", [])]
    still_there = set(Product.objects.filter(pk__in=item_ids).values_list("pk", flat=True)) if item_ids else set()
    labels = {value: label for value, label in CommodityGroup.choices}
    products, certifications = [], []
    for business in shown:
        snapshot, row = business.published_snapshot, published[business.pk]
        desa = row.desa
        for item in snapshot.get("products", []):
            category = item.get("category", "")
            products.append(
                PublishedProduct(
                    product_id=item["id"] if item["id"] in still_there else None,
                    business=row,
                    name=item["name"],
                    category=category,
                    kbli_code=snapshot.get("kbli", ""),
                    desa=desa,
                    kecamatan=desa.kecamatan,
                    price=_decimal(item.get("price")),
                    unit=item.get("unit", ""),
                    capacity_per_month=_decimal(item.get("production_capacity_per_month")),
                    description=item.get("description", ""),
                    photos=list(item.get("photos", [])),
                    search_text=search_text(
                        item["name"],
                        labels.get(category, ""),
                        snapshot["name"],
                        snapshot.get("brand"),
                        desa.name,
                        desa.kecamatan.name,
                    ),
                    published_at=now,
                )
            )
            certifications.append(item.get("certifications", []))
    # Both databases return the new primary keys from a bulk insert (PostgreSQL, SQLite >= 3.35).
    PublishedProduct.objects.bulk_create(products, batch_size=1000)
    PublishedCertification.objects.bulk_create(
        (
            PublishedCertification(
                product=product,
                kind=cert["kind"],
                number=cert.get("number", ""),
                expires_on=_date(cert.get("expires_on")),
            )
            for product, certs in zip(products, certifications, strict=True)
            for cert in certs
        ),
        batch_size=1000,
    )
    forget_photos(shown_before - {name for product in products for name in product.photos})
    search.remember_words([row.pk for row in published.values()])
    return published


def publish_catalogue(*, batch_size=PUBLISH_BATCH):
    """Rebuild the whole catalogue from every verified business (demo data, recovery), a batch
    of businesses per transaction: 100,000 businesses in a few minutes, not one at a time."""
    published = 0
    businesses = Business.objects.filter(verified_at__isnull=False, published_snapshot__isnull=False)
    # The ids first, then each batch read and written in its own transaction (no cursor held
    # open across the writes).
    ids = list(businesses.order_by("pk").values_list("pk", flat=True))
    columns = ("pk", "status", "verified_at", "published_snapshot")
    for start in range(0, len(ids), batch_size):
        batch = businesses.filter(pk__in=ids[start : start + batch_size]).order_by("pk").only(*columns)
        published += len(publish_businesses(batch))
    stale = PublishedBusiness.objects.exclude(
        business__status=Business.Status.ACTIVE
    ) | PublishedBusiness.objects.filter(business__verified_at__isnull=True)
    with transaction.atomic():
        forget_photos(_published_photos(stale))
        removed, _detail = stale.delete()
    search.rebuild_words()
    return published, removed


# --- Demand board -----------------------------------------------------------------------


def can_manage_demand(user, demand):
    """The poster and staff see a demand's offers and matches, and decide on them."""
    return user.is_authenticated and (demand.posted_by_id == user.pk or user.has_perm("catalogue.view_offer"))


def can_decide_demand(user, demand):
    return user.is_authenticated and (demand.posted_by_id == user.pk or user.has_perm("catalogue.change_offer"))


@transaction.atomic
def demand_create(*, user, site="", **fields):
    """Publish a demand and tell the IKM it matches (see `demand_notify_matches`). `site`
    is the scheme and host put before links (catalogue.sharing.site_root)."""
    if not user.has_perm("catalogue.add_demand"):
        raise PermissionDenied
    demand = Demand(posted_by=user, **fields)
    demand.full_clean()
    demand.save()
    demand_notify_matches(demand, site=site)
    return demand


def matched_owners(demand, limit=None):
    """[(owner id, owner email, [business names])] of the best-ranked matching businesses
    that have an active owner account, at most `limit` businesses, the poster left out."""
    code = demand.kbli.code if demand.kbli_id else None
    ranked = [
        match
        for match in matching.rank_suppliers(demand, limit=None)
        if any(p.category == demand.commodity or (code and p.kbli_code == code) for p in match.products)
    ][: limit or NOTIFY_LIMIT]
    business_ids = [match.business.business_id for match in ranked]
    rows = (
        Business.objects.filter(pk__in=business_ids, owner__isnull=False, owner__is_active=True)
        .exclude(owner_id=demand.posted_by_id)
        .values_list("pk", "name", "owner_id", "owner__email")
    )
    order = {pk: position for position, pk in enumerate(business_ids)}
    owners = {}
    for _pk, name, owner_id, email in sorted(rows, key=lambda row: order[row[0]]):
        owners.setdefault(owner_id, (owner_id, email, []))[2].append(name)
    return list(owners.values())


def demand_notify_matches(demand, *, site=""):
    """One on-site notice and one email per matched owner, each in one bulk insert."""
    owners = matched_owners(demand)
    if not owners:
        return 0
    url = sharing.absolute(reverse("demand:detail", args=[demand.pk]) + "#tawar", root=site)
    with translation.override(settings.LANGUAGE_CODE):
        notices, emails = [], []
        for owner_id, email, names in owners:
            text = _(
                "Permintaan baru yang cocok dengan %(businesses)s: %(title)s, %(quantity)s %(unit)s untuk "
                "%(buyer)s%(deadline)s. Kirim penawaran Anda."
            ) % {
                "businesses": ", ".join(names[:3]),
                "title": demand.title,
                "quantity": format_number(demand.quantity),
                "unit": demand.get_unit_display(),
                "buyer": demand.buyer_name,
                "deadline": (
                    _(", paling lambat %(date)s") % {"date": formats.date_format(demand.needed_by, "j F Y")}
                    if demand.needed_by
                    else ""
                ),
            }
            notices.append(Notification(recipient_id=owner_id, message=text, url=url))
            if email:
                body = "\n\n".join([text, _("Lihat dan tawarkan: %(url)s") % {"url": url}, _("Registri IKM Tuban")])
                emails.append(
                    {
                        "subject": _("Permintaan barang baru: %(title)s") % {"title": demand.title},
                        "body": body,
                        "to": [email],
                    }
                )
    Notification.objects.bulk_create(notices)
    email_queue_many(emails=emails, kind="demand_match")
    return len(notices)


@transaction.atomic
def demand_close(*, demand, user):
    if not can_decide_demand(user, demand):
        raise PermissionDenied
    demand.status = Demand.Status.CLOSED
    demand.closed_at = timezone.now()
    demand.save(update_fields=["status", "closed_at", "updated_at"])
    return demand


@transaction.atomic
def offer_submit(*, demand, business, user, quantity, price, lead_time_days, note=""):
    """An owner answers a demand for one of their own active businesses (one offer each,
    updated if sent again)."""
    if business.owner_id != user.pk:
        raise PermissionDenied
    if business.status != Business.Status.ACTIVE:
        raise ValidationError(_("Hanya usaha yang masih aktif yang dapat mengajukan penawaran."))
    if not demand.is_open:
        raise ValidationError(_("Permintaan ini sudah ditutup."))
    offer = Offer.objects.filter(demand=demand, business=business).first()
    if offer and offer.taken:
        raise ValidationError(_("Penawaran ini sudah diambil pemesan dan tidak dapat diubah."))
    offer = offer or Offer(demand=demand, business=business)
    offer.quantity, offer.price, offer.lead_time_days, offer.note = quantity, price, lead_time_days, note
    offer.created_by = user
    offer.full_clean()
    offer.save()
    return offer


OFFER_DECISIONS = ("taken", "declined", "")


@transaction.atomic
def offer_decide(*, offer, user, decision, site=""):
    """The poster (or staff) takes or declines an offer, or undoes that (decision "").
    The business's owner hears of a decision on the site and by email."""
    if not can_decide_demand(user, offer.demand):
        raise PermissionDenied
    if decision not in OFFER_DECISIONS:
        raise ValidationError(_("Keputusan tidak dikenal."))
    if decision and not offer.demand.is_open and decision != offer.decision:
        raise ValidationError(_("Permintaan ini sudah ditutup."))
    changed = decision != offer.decision
    offer.taken, offer.declined = decision == "taken", decision == "declined"
    offer.decided_at = timezone.now() if decision else None
    offer.save(update_fields=["taken", "declined", "decided_at", "updated_at"])
    if changed and decision:
        _notify_offer_owner(offer, decision, site)
    return offer


def offer_set_taken(*, offer, user, taken=True, site=""):
    return offer_decide(offer=offer, user=user, decision="taken" if taken else "", site=site)


def _notify_offer_owner(offer, decision, site):
    business = Business.objects.select_related("owner").get(pk=offer.business_id)
    owner = business.owner
    if owner is None or not owner.is_active:
        return
    demand = offer.demand
    url = sharing.absolute(reverse("demand:detail", args=[demand.pk]), root=site)
    with translation.override(settings.LANGUAGE_CODE):
        values = {"business": business.name, "title": demand.title, "buyer": demand.buyer_name}
        if decision == "taken":
            text = _('Penawaran %(business)s untuk "%(title)s" diambil oleh %(buyer)s. Pemesan akan menghubungi Anda.')
            subject = _("Penawaran Anda diambil pemesan")
        else:
            text = _('Penawaran %(business)s untuk "%(title)s" tidak dipilih oleh %(buyer)s.')
            subject = _("Penawaran Anda tidak dipilih")
        text %= values
        Notification.objects.create(recipient=owner, message=text, url=url)
        if owner.email:
            body = "\n\n".join([text, _("Lihat permintaan: %(url)s") % {"url": url}, _("Registri IKM Tuban")])
            email_queue(subject=subject, body=body, to=[owner.email], kind="offer_decision")


# --- OVOP product assessment -----------------------------------------------------------------


@transaction.atomic
def assessment_save(*, product, user, year, assessors, assessed_on, note="", **scores):
    """Record (or correct) a product's OVOP rating for a year; the stars follow from the
    scores (ProductAssessment.stars_for)."""
    if not user.has_perm("catalogue.assess_product"):
        raise PermissionDenied
    assessment = ProductAssessment.objects.filter(product=product, year=year).first() or ProductAssessment(
        product=product, year=year
    )
    for name in ProductAssessment.CRITERIA:
        setattr(assessment, name, scores[name])
    assessment.assessors, assessment.assessed_on, assessment.note = assessors, assessed_on, note
    assessment.assessed_by = user
    assessment.total = assessment.compute_total()
    assessment.stars = ProductAssessment.stars_for(assessment.total)
    assessment.full_clean()
    assessment.save()
    return assessment


# --- Katalog lokal proposals -----------------------------------------------------------------


@transaction.atomic
def proposal_record(*, product, user, status, note=""):
    """Propose a ready product to the UKPBJ, or record the UKPBJ's answer (accepted, listed,
    rejected), with the date and the staff member. Steps go only forward (a rejected
    product may be proposed again)."""
    proposal = EkatalogProposal.objects.select_for_update().filter(product=product).first()
    now = timezone.now()
    if proposal is None or (status == EkatalogProposal.Status.PROPOSED and proposal.can_move_to(status)):
        if not user.has_perm("catalogue.add_ekatalogproposal"):
            raise PermissionDenied
        if status != EkatalogProposal.Status.PROPOSED:
            raise ValidationError(_("Produk ini belum diusulkan ke UKPBJ."))
        if (
            product.business.verification_status != Business.Verification.VERIFIED
            or product.ekatalog_checklist().missing
        ):
            raise ValidationError(_("Hanya produk yang lengkap dari usaha terverifikasi yang dapat diusulkan."))
        proposal = proposal or EkatalogProposal(product=product)
        proposal.status, proposal.proposed_at, proposal.proposed_by = status, now, user
        proposal.accepted_at = proposal.accepted_by = proposal.listed_at = proposal.listed_by = None
        proposal.rejected_at = proposal.rejected_by = None
        proposal.note = note
        proposal.save()
        return proposal
    if not user.has_perm("catalogue.change_ekatalogproposal"):
        raise PermissionDenied
    if not proposal.can_move_to(status):
        raise ValidationError(
            _("Usulan berstatus %(status)s tidak dapat diubah ke langkah itu.")
            % {"status": proposal.get_status_display()}
        )
    proposal.status = status
    step = {
        EkatalogProposal.Status.ACCEPTED: "accepted",
        EkatalogProposal.Status.LISTED: "listed",
        EkatalogProposal.Status.REJECTED: "rejected",
    }[status]
    setattr(proposal, f"{step}_at", now)
    setattr(proposal, f"{step}_by", user)
    if note:
        proposal.note = note
    proposal.save()
    return proposal


@transaction.atomic
def sentra_confirm(*, desa, commodity, business_count, user, note=""):
    if not user.has_perm("registry.change_business"):
        raise PermissionDenied
    sentra, _created = SentraIkm.objects.update_or_create(
        desa=desa,
        commodity=commodity,
        defaults={"business_count": business_count, "confirmed_by": user, "note": note},
    )
    return sentra
