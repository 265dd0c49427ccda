"""Demo data for the aid pages (`make run`): programmes in every state, applications in
every status, a training with its attendance list, and announcements with deliveries.

`seed(rng)` is idempotent (it does nothing when its programmes exist) and fast (a few
hundred rows through the same services the pages use). It needs the registry's demo
(businesses, the users `dinas` and `pelaku`) to have been seeded first.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from registry.models import Business, CommodityGroup

from . import services
from .models import Announcement, AnnouncementKind, Application, Programme

OPEN = "Bantuan Mesin Jahit dan Alat Batik 2026"
CLOSED = "Bantuan Gerobak Usaha Kuliner 2026"
TRAINING = "Pelatihan Desain Kemasan dan Label Halal 2026"
UPCOMING = "Bantuan Alat Pengering Terasi dan Ikan Asin 2027"
# A minimal valid PDF standing for the signed handover receipt (stored in private media).
RECEIPT_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _programme(name, kind, item, quota, opens_on, closes_on, staff, **extra):
    return Programme.objects.create(
        name=name,
        kind=kind,
        agency="Disnakerin Kabupaten Tuban",
        year=opens_on.year,
        quota=quota,
        item=item,
        opens_on=opens_on,
        closes_on=closes_on,
        must_be_verified=False,
        created_by=staff,
        **extra,
    )


def _apply(programme, businesses, today, staff):
    return [
        services.application_create(
            programme=programme, business=business, user=business.owner or staff, documents={}, today=today
        )
        for business in businesses
    ]


@transaction.atomic
def seed(rng, password=None, *, today=None):
    """Returns a short summary line, or None when the demo already has its programmes."""
    if Programme.objects.filter(name=OPEN).exists():
        return None
    today = today or timezone.localdate()
    users = get_user_model().objects
    staff = users.filter(username="dinas").first() or users.filter(is_staff=True).first()
    pelaku = users.filter(username="pelaku").first()
    # Most demo businesses have no account (Dinas and the association registered them): Dinas
    # enters their paper forms, so Dinas is the applicant there.
    owned = list(Business.objects.active().exclude(owner=pelaku).select_related("owner", "desa"))
    rng.shuffle(owned)
    own = list(Business.objects.active().filter(owner=pelaku)[:1]) if pelaku else []
    if len(owned) < 30 or staff is None:
        return None

    def take(n, programme=None):
        """n businesses not used yet (eligible for `programme` when given)."""
        chosen = [b for b in owned if programme is None or programme.eligibility(b)[0]][:n]
        for business in chosen:
            owned.remove(business)
        return chosen

    # 1. Open now: applications waiting, two selected, one refused; the demo owner applied.
    open_programme = _programme(
        OPEN,
        "alat",
        "Mesin jahit portable dan canting listrik",
        5,
        today - timedelta(days=10),
        today + timedelta(days=20),
        staff,
        unit_value=Decimal("2750000"),
        commodity_groups=[CommodityGroup.BATIK, CommodityGroup.TENUN],
        description="Untuk perajin batik dan tenun gedog yang masih menjahit dan mencanting manual.",
    )
    take_open = take(7, open_programme)
    if len(take_open) < 7:  # a small demo without enough weavers: open it to every IKM
        open_programme.commodity_groups = []
        open_programme.save(update_fields=["commodity_groups"])
        take_open += take(7 - len(take_open))
    open_apps = _apply(open_programme, take_open, today, staff)
    if own and open_programme.eligibility(own[0])[0]:
        _apply(open_programme, own, today, staff)
    for application in open_apps[:2]:
        services.application_select(application_id=application.pk, user=staff)
    services.application_reject(
        application=open_apps[2],
        user=staff,
        reason="Usaha sudah menerima mesin jahit dari program provinsi tahun 2025.",
    )

    # 2. Closed: selected, handed over, monitored, and one refused.
    closed = _programme(
        CLOSED,
        "alat",
        "Gerobak dorong stainless",
        4,
        today - timedelta(days=150),
        today - timedelta(days=120),
        staff,
        unit_value=Decimal("3500000"),
    )
    closed_apps = _apply(closed, take(5), closed.opens_on, staff)
    for application in closed_apps[:4]:
        services.application_select(application_id=application.pk, user=staff)
    services.application_reject(application=closed_apps[4], user=staff, reason="Kuota sudah penuh.")
    for n, application in enumerate(closed_apps[:3]):
        application.refresh_from_db()
        services.handover_record(
            application=application,
            user=staff,
            date=closed.closes_on + timedelta(days=14),
            item="Gerobak dorong stainless 120 cm",
            serial_number=f"GRB-2026-{n + 1:03d}",
            amount=Decimal("3450000"),
            receipt=SimpleUploadedFile(f"BAST-gerobak-{n + 1}.pdf", RECEIPT_PDF, content_type="application/pdf"),
        )
    for application, in_use in zip(closed_apps[:2], (True, False), strict=True):
        application.refresh_from_db()
        services.monitoring_record(
            application=application,
            user=staff,
            date=today - timedelta(days=20),
            note="Gerobak dipakai berjualan setiap pagi di pasar." if in_use else "Gerobak disimpan, belum dipakai.",
            in_use=in_use,
        )

    # 3. A training: selected participants, an event held, attendance taken.
    training = _programme(
        TRAINING,
        "pelatihan",
        "Pelatihan dua hari dan desain label",
        10,
        today - timedelta(days=60),
        today - timedelta(days=30),
        staff,
    )
    training_apps = _apply(training, take(8), training.opens_on, staff)
    for application in training_apps:
        services.application_select(application_id=application.pk, user=staff)
    event = services.training_event_create(
        programme=training,
        title="Desain kemasan dan label halal",
        date=today - timedelta(days=14),
        place="Aula Disnakerin Tuban",
        capacity=10,
    )
    present = list(event.attendances.values_list("pk", flat=True))[:6]
    services.attendance_record(event=event, present_ids=present)

    # 4. Upcoming: registration opens next month.
    _programme(
        UPCOMING,
        "alat",
        "Alat pengering tenaga surya",
        6,
        today + timedelta(days=30),
        today + timedelta(days=60),
        staff,
        unit_value=Decimal("4200000"),
    )

    # Announcements: to every IKM, and to the applicants of the open programme.
    services.announcement_send(
        sender=staff,
        title="Pameran produk IKM di Alun-alun Tuban",
        body="Dinas membuka pendaftaran stan pameran produk IKM pada Hari Jadi Tuban. Daftar lewat pengurus asosiasi.",
        kind=AnnouncementKind.MARKETING,
        segment=Announcement.Segment.ALL,
    )
    services.announcement_send(
        sender=staff,
        title="Verifikasi lapangan penerima mesin jahit",
        body="Petugas Dinas akan mengunjungi pendaftar minggu depan. Siapkan usaha dan dokumen NIB.",
        kind=AnnouncementKind.EQUIPMENT,
        segment=Announcement.Segment.APPLICANTS,
        programme=open_programme,
    )
    counts = Application.objects.filter(programme__name__in=[OPEN, CLOSED, TRAINING]).count()
    return f"4 program bantuan (buka, tutup, pelatihan, akan datang), {counts} pengajuan, 2 pengumuman"
