"""Writes of the aid cycle. Each step keeps the business's `registry.Assistance` row in step:

    apply -> diusulkan, select -> diverifikasi, handover -> diserahkan, monitoring -> dimonitor.

A rejected application removes its proposed Assistance row, since no aid was given.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Membership
from registry.models import Assistance, Business
from registry.signals import send_businesses_changed
from tuban_ikm.locking import PARENT_VERSION_FIELD, version_bump
from tuban_ikm.outbox import email_signature, with_signature
from tuban_ikm.site import absolute_url

from .models import (
    Announcement,
    AnnouncementPreference,
    Application,
    ApplicationDocument,
    Attendance,
    BusinessFacts,
    Delivery,
    Handover,
    MonitoringVisit,
    Programme,
    TrainingEvent,
)

logger = logging.getLogger(__name__)


def _str(value):
    return None if value is None else str(value)


def business_snapshot(business):
    """The business's data as the applicant saw it, kept with the application."""
    return {
        "taken_at": timezone.now().isoformat(),
        "name": business.name,
        "nib": business.nib,
        "owner_name": business.owner_name,
        "phone": business.phone,
        "address": business.address,
        "desa": business.desa.name,
        "kecamatan": business.desa.kecamatan.name,
        "kbli": str(business.kbli) if business.kbli_id else None,
        "industry_class": business.industry_class,
        "umkm_class_by_capital": business.umkm_class_by_capital,
        "umkm_class_by_sales": business.umkm_class_by_sales,
        "workers_male": business.workers_male,
        "workers_female": business.workers_female,
        "investment": _str(business.investment),
        "yearly_sales": _str(business.yearly_sales),
        "verification_status": business.verification_status,
        "needs": sorted(business.needs.values_list("kind", flat=True)),
        "products": list(business.products.values("name", "category")),
    }


@transaction.atomic
def application_create(*, programme, business, user, documents, today=None):
    """An owner applies: checks the window and eligibility, stores the documents and a
    snapshot, and proposes the aid on the business's assistance history."""
    if not programme.is_open(today):
        raise ValidationError(_("Pendaftaran program ini sedang tidak dibuka."))
    eligible, reasons = programme.eligibility(business)
    if not eligible:
        raise ValidationError(reasons)
    if Application.objects.filter(programme=programme, business=business).exists():
        raise ValidationError(_("Usaha ini sudah mendaftar program ini."))
    missing = [name for name in programme.documents if not documents.get(name)]
    if missing:
        raise ValidationError(_("Dokumen belum diunggah: %(names)s.") % {"names": ", ".join(missing)})
    assistance = Assistance.objects.create(
        business=business,
        programme=programme.name,
        agency=programme.agency,
        year=programme.year,
        kind=programme.kind,
        item=programme.item,
        value=programme.unit_value,
        status=Assistance.Status.PROPOSED,
        source=Assistance.Source.PROGRAMME,
    )
    application = Application(
        programme=programme,
        business=business,
        applicant=user,
        snapshot=business_snapshot(business),
        assistance=assistance,
    )
    application.full_clean()
    application.save()
    for name in programme.documents:
        document = ApplicationDocument(application=application, name=name, file=documents[name])
        document.full_clean()
        document.save()
    return application


def _set_assistance(application, **fields):
    if application.assistance_id:
        Assistance.objects.filter(pk=application.assistance_id).update(**fields, updated_at=timezone.now())
        send_businesses_changed([application.business_id])


def application_select(*, application_id, user):
    """Select an application within the quota.

    The programme row is locked (SELECT ... FOR UPDATE) before the selected places are
    counted, so two staff selecting at the same moment are serialised and the quota holds.
    """
    with transaction.atomic():
        programme_id = Application.objects.values_list("programme_id", flat=True).get(pk=application_id)
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.status != Application.Status.SUBMITTED:
            raise ValidationError(_("Hanya pengajuan yang masih diajukan yang dapat dipilih."))
        taken = Application.objects.filter(programme=programme).selected().count()
        if taken >= programme.quota:
            raise ValidationError(_("Kuota program sudah penuh (%(quota)s penerima).") % {"quota": programme.quota})
        application.status = Application.Status.SELECTED
        application.decided_at = timezone.now()
        application.decided_by = user
        application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        _set_assistance(application, status=Assistance.Status.VERIFIED)
    return application


@transaction.atomic
def application_reject(*, application, user, reason):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tuliskan alasan penolakan untuk pemilik usaha.")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Application.Status.SUBMITTED, Application.Status.SELECTED):
        raise ValidationError(_("Bantuan sudah diserahkan; pengajuan ini tidak dapat ditolak lagi."))
    assistance_id = application.assistance_id
    application.status = Application.Status.REJECTED
    application.rejection_reason = reason
    application.decided_at = timezone.now()
    application.decided_by = user
    application.assistance = None
    application.save()
    if assistance_id:
        Assistance.objects.filter(pk=assistance_id).delete()
    return application


@transaction.atomic
def handover_record(*, application, user, date, item, serial_number="", amount=None, receipt=None, version=None):
    """Record (or correct) the handover of a selected application's aid. `version`: the one
    the correcting form was loaded with; ConcurrentEditError when someone saved since."""
    if not application.is_selected:
        raise ValidationError(_("Serah terima hanya untuk pengajuan yang terpilih."))
    handover = Handover.objects.filter(application=application).first() or Handover(application=application)
    if handover.pk is not None and version is not None:
        handover.version = version
    handover.date, handover.item, handover.serial_number, handover.amount = date, item, serial_number, amount
    if receipt:
        handover.receipt = receipt
    handover.recorded_by = user
    handover.full_clean()
    handover.save()
    fields = {
        "item": (f"{item}, " + _("no. seri %(serial)s") % {"serial": serial_number} if serial_number else item)[:200],
        "value": amount if amount is not None else application.programme.unit_value,
    }
    if application.status == Application.Status.SELECTED:
        application.status = Application.Status.HANDED_OVER
        application.save(update_fields=["status", "updated_at"])
        fields["status"] = Assistance.Status.HANDED_OVER
    _set_assistance(application, **fields)
    return handover


@transaction.atomic
def monitoring_record(*, application, user, date, note, in_use, photo=None):
    if application.status not in (Application.Status.HANDED_OVER, Application.Status.MONITORED):
        raise ValidationError(_("Monitoring dicatat setelah bantuan diserahkan."))
    visit = MonitoringVisit(
        application=application, date=date, note=note, in_use=in_use, photo=photo or "", recorded_by=user
    )
    visit.full_clean()
    visit.save()
    application.status = Application.Status.MONITORED
    application.save(update_fields=["status", "updated_at"])
    in_use_text = _("dipakai") if in_use else _("tidak dipakai")
    _set_assistance(
        application,
        status=Assistance.Status.MONITORED,
        note=f"{date:%d-%m-%Y}: {note} ({in_use_text})",
    )
    return visit


# --- Training ------------------------------------------------------------------------------


@transaction.atomic
def training_event_create(*, programme, title, date, place, capacity):
    event = TrainingEvent(programme=programme, title=title, date=date, place=place, capacity=capacity)
    event.full_clean()
    event.save()
    training_event_add_participants(event=event)
    return event


@transaction.atomic
def training_event_add_participants(*, event):
    """Fill free places with accepted applications of the programme, earliest decided first."""
    version_bump(event)  # an attendance list open elsewhere no longer shows everyone
    free = event.capacity - event.attendances.count()
    if free <= 0:
        return 0
    candidates = (
        Application.objects.filter(programme_id=event.programme_id)
        .selected()
        .exclude(attendances__event=event)
        .order_by("decided_at", "pk")[:free]
    )
    rows = [Attendance(event=event, application=a) for a in candidates]
    Attendance.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def attendance_record(*, event, present_ids, version=None):
    """Save the attendance list. `version`: the event's version the list was loaded with;
    ConcurrentEditError when another list was saved since (two staff, two tabs)."""
    version_bump(event, {PARENT_VERSION_FIELD: version} if version is not None else None)
    present_ids = {int(pk) for pk in present_ids}
    event.attendances.filter(pk__in=present_ids).update(present=True)
    event.attendances.exclude(pk__in=present_ids).update(present=False)
    training_assistance_update(event=event)


def training_assistance_update(*, event):
    """Carry attendance into each participant's Assistance record, which the dashboard and
    the business's history count: whoever attended at least one session of the
    programme's training has received it ("Diserahkan"), with "Hadir 2 dari 3 sesi" as the
    note; a corrected list that leaves someone with no session sets them back to
    "Diverifikasi". A monitored record keeps its status (monitoring comes later)."""
    tallies = (
        Attendance.objects.filter(event__programme_id=event.programme_id, application__attendances__event=event)
        .values("application_id", "application__assistance_id")
        .annotate(held=Count("pk", distinct=True), present=Count("pk", filter=Q(present=True), distinct=True))
    )
    tallies = [t for t in tallies if t["application__assistance_id"]]
    statuses = dict(
        Assistance.objects.filter(pk__in=[t["application__assistance_id"] for t in tallies]).values_list("pk", "status")
    )
    now = timezone.now()
    changed = []
    for tally in tallies:
        pk = tally["application__assistance_id"]
        fields = {"note": _("Hadir %(present)s dari %(held)s sesi pelatihan.") % tally, "updated_at": now}
        if statuses.get(pk) != Assistance.Status.MONITORED:
            fields["status"] = Assistance.Status.HANDED_OVER if tally["present"] else Assistance.Status.VERIFIED
        Assistance.objects.filter(pk=pk).update(**fields)
        changed.append(pk)
    send_businesses_changed(Assistance.objects.filter(pk__in=changed).values_list("business_id", flat=True))


# --- Announcements ------------------------------------------------------------------------


def association_member_filter(association):
    return Q(
        memberships__status=Membership.Status.ACTIVE,
    ) & (Q(memberships__association=association) | Q(memberships__umbrella=association))


def announcement_businesses(announcement):
    """The businesses an announcement reaches, before owners' preferences."""
    businesses = Business.objects.active().filter(owner__isnull=False)
    segment = announcement.segment
    S = Announcement.Segment
    if segment == S.KECAMATAN:
        businesses = businesses.filter(desa__kecamatan=announcement.kecamatan_id)
    elif segment == S.COMMODITY:
        businesses = businesses.filter(
            Q(kbli__group=announcement.commodity) | Q(products__category=announcement.commodity)
        )
    elif segment == S.SIZE:
        businesses = businesses.filter(industry_class=announcement.size_class)
    elif segment == S.MEMBERS:
        businesses = businesses.filter(memberships__status=Membership.Status.ACTIVE)
    elif segment == S.APPLICANTS:
        businesses = businesses.filter(aid_applications__programme=announcement.programme_id)
    if announcement.association_id:
        # An officer reaches only the members of their own association.
        member_ids = Business.objects.filter(association_member_filter(announcement.association_id)).values("pk")
        businesses = businesses.filter(pk__in=member_ids)
    return businesses.distinct()


def _wants(preference, kind):
    return preference is None or not preference.kinds or kind in preference.kinds


@transaction.atomic
def announcement_send(*, sender, association=None, **fields):
    """Save an announcement and queue one delivery per owner reached. Returns at once:
    the emails go out from the `send_announcements` command."""
    announcement = Announcement(sender=sender, association=association, **fields)
    announcement.full_clean()
    announcement.save()
    owner_ids = set(announcement_businesses(announcement).values_list("owner_id", flat=True))
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=owner_ids, is_active=True)
    preferences = {p.user_id: p for p in AnnouncementPreference.objects.filter(user_id__in=owner_ids)}
    rows = []
    for user in users:
        preference = preferences.get(user.pk)
        if not _wants(preference, announcement.kind):
            continue
        by_email = bool(user.email) and (preference is None or preference.by_email)
        rows.append(
            Delivery(
                announcement=announcement,
                user=user,
                email=user.email if by_email else "",
                status=Delivery.Status.PENDING if by_email else Delivery.Status.NO_EMAIL,
            )
        )
    Delivery.objects.bulk_create(rows, batch_size=500)
    # Every owner reached also finds it in their inbox (accounts.Notification), email or not.
    from accounts.models import Notification

    text = _("Pengumuman dari Dinas: %(title)s") % {"title": announcement.title}
    url = reverse("aid:inbox")
    Notification.objects.bulk_create(
        [Notification(recipient=row.user, message=text, url=url) for row in rows], batch_size=500
    )
    announcement.recipient_count = len(rows)
    announcement.save(update_fields=["recipient_count"])
    return announcement


def _email_body(announcement, signature=None):
    link = _("Baca juga di Registri IKM Tuban: %(url)s") % {"url": absolute_url(reverse("aid:inbox"))}
    footer = _(
        "Pesan ini dikirim melalui Registri IKM Tuban. Atur jenis pengumuman yang Anda terima "
        "di halaman Preferensi pengumuman."
    )
    signature = email_signature() if signature is None else signature
    return with_signature(f"{announcement.body}\n\n{link}\n\n--\n{footer}", signature)


def deliveries_process(*, now=None, limit=200, sender=send_mail):
    """Send the emails that are due. Safe to run from cron, even twice at once: each row is
    locked while it is sent and rows locked by another run are skipped (PostgreSQL).
    A failure is retried with doubling waits, up to Delivery.MAX_ATTEMPTS."""
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    ids = list(Delivery.objects.due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
    signature = email_signature() if ids else ""  # Dinas's contact details, read once per run
    for pk in ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True)
                .select_related("announcement")
                .filter(pk=pk, status=Delivery.Status.PENDING)
                .first()
            )
            if delivery is None:
                continue
            delivery.attempts += 1
            try:
                sender(
                    delivery.announcement.title,
                    _email_body(delivery.announcement, signature),
                    settings.DEFAULT_FROM_EMAIL,
                    [delivery.email],
                    fail_silently=False,
                )
            except Exception as error:  # any transport error: record it and retry later
                logger.warning("announcement delivery %s failed: %s", pk, error)
                delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
                if delivery.attempts >= Delivery.MAX_ATTEMPTS:
                    delivery.status = Delivery.Status.FAILED
                    counts["failed"] += 1
                else:
                    delivery.next_attempt_at = now + Delivery.BACKOFF * (2 ** (delivery.attempts - 1))
                    counts["retry"] += 1
            else:
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                delivery.last_error = ""
                counts["sent"] += 1
            delivery.save()
    return counts


def delivery_retry(*, deliveries):
    """Put failed deliveries back in the queue (admin action)."""
    return deliveries.filter(status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def business_facts_for(businesses):
    """BusinessFacts for several businesses in two queries (memberships, product categories)."""
    from registry.models import Product

    ids = [b.pk for b in businesses]
    members = set(
        Membership.objects.filter(business_id__in=ids, status=Membership.Status.ACTIVE).values_list(
            "business_id", flat=True
        )
    )
    groups = {}
    for business_id, category in Product.objects.filter(business_id__in=ids).values_list("business_id", "category"):
        groups.setdefault(business_id, set()).add(category)
    return {
        b.pk: BusinessFacts(b, is_member=b.pk in members, product_groups=groups.get(b.pk, set())) for b in businesses
    }
