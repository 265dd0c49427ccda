"""Data drives: officers ask their members to complete their profiles before a deadline.

Reads (`drive_progress`, `drive_progress_many`) compute each member's completeness live from
the registry, in a fixed number of queries however many members or drives there are.
Writes (`drive_start`, `drive_close`, `drive_send_reminders`) are services in the house style.

A drive of a sub-unit covers that unit's active members; a drive of the umbrella covers the
umbrella's own members and every sub-unit's. Members whose business has closed or moved
(business status other than "aktif") are left out: there is nothing left to complete.
"""

import operator
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import reduce

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from registry.completeness import completeness_from_facts
from registry.models import Business
from registry.review import COMPLETENESS_CHECKS, product_facts
from tuban_ikm.outbox import email_queue_many

from .models import Association, DataDrive, DriveReminder, DriveTotals, Membership
from .selectors import associations_run_by

DEFAULT_LENGTH = timedelta(days=7)
MAX_LENGTH = timedelta(days=365)


# --- Reads --------------------------------------------------------------------------------


def contact_email(business):
    """Where a reminder for `business` goes: the owner's account email when the business is
    claimed, else (or when the owner has none) the email on the business profile."""
    if business.owner_id and business.owner.email:
        return business.owner.email
    return business.email


@dataclass
class MemberProgress:
    membership: Membership
    completeness: object  # registry.completeness.Completeness
    reminders_in_drive: int = 0
    last_reminded_on: date | None = None  # by any drive: the once-a-day rule is per member

    @property
    def business(self):
        return self.membership.business

    @property
    def score(self):
        return self.completeness.score

    @property
    def missing(self):
        return [str(check.label) for check in self.completeness.missing]

    @property
    def done(self):
        return not self.completeness.missing

    @property
    def email(self):
        return contact_email(self.business)

    @property
    def has_account(self):
        return self.business.owner_id is not None

    @property
    def reachable(self):
        """Something can be sent: an email, or a notice on the owner's page."""
        return bool(self.email) or self.has_account

    def reminded_on(self, day):
        return self.last_reminded_on == day


@dataclass
class DriveProgress:
    drive: DataDrive
    today: date
    members: list = field(default_factory=list)
    # The live numbers counted by the database (list pages), when the members are not loaded.
    totals: DriveTotals | None = None
    # Counted by the database for the drive's own page (`drive_page`), which loads only the
    # members it shows: {"incomplete", "unreachable", "to_remind"}.
    counts: dict | None = None

    @property
    def total(self):
        return self.totals.total if self.totals else len(self.members)

    @property
    def complete_count(self):
        if self.totals:
            return self.totals.complete
        return sum(member.done for member in self.members)

    @property
    def incomplete(self):
        return [member for member in self.members if not member.done]

    @property
    def incomplete_count(self):
        return self.counts["incomplete"] if self.counts else len(self.incomplete)

    @property
    def unreachable_count(self):
        return self.counts["unreachable"] if self.counts else len(self.unreachable)

    @property
    def to_remind_count(self):
        return self.counts["to_remind"] if self.counts else len(self.to_remind)

    @property
    def live(self):
        """The numbers now, from the profiles as they are."""
        if self.totals:
            return self.totals
        average = sum(member.score for member in self.members) // self.total if self.total else 0
        return DriveTotals(self.total, self.complete_count, average)

    @property
    def percent_complete(self):
        return self.live.percent

    @property
    def average_score(self):
        return self.live.average

    @property
    def headline(self):
        """What the drive achieved: the numbers kept at closing, else the live ones."""
        return self.drive.end_totals or self.live

    @property
    def phase(self):
        return self.drive.phase(self.today)

    @property
    def days_left(self):
        return self.drive.days_left(self.today)

    @property
    def days_overdue(self):
        return self.drive.days_overdue(self.today)

    @property
    def may_remind(self):
        return self.drive.may_remind(self.today)

    @property
    def unreachable(self):
        """Incomplete members with neither an email nor an account: only a phone call reaches them."""
        return [m for m in self.incomplete if not m.reachable]

    @property
    def to_remind(self):
        """Members a reminder would reach right now (incomplete, reachable, not reminded today)."""
        return [m for m in self.incomplete if m.reachable and not m.reminded_on(self.today)]


def _scope(association):
    """The memberships a drive of `association` covers."""
    if association.parent_id:
        return Q(association_id=association.pk)
    return Q(umbrella_id=association.pk)


def _in_scope(association, membership):
    if association.parent_id:
        return membership.association_id == association.pk
    return membership.umbrella_id == association.pk


def _active_members(associations, *, join=False):
    """Active memberships of active businesses under any of `associations`. By the copy of
    the business's status on the membership (member_state.py), so that counting needs no
    join; `join` filters on the business itself (a page ordered by the business's columns
    walks the business index, see drive_page)."""
    scope = reduce(operator.or_, (_scope(a) for a in associations))
    members = Membership.objects.filter(scope, status=Membership.Status.ACTIVE)
    if join:
        return members.filter(business__status=Business.Status.ACTIVE)
    return members.filter(business_active=True)


def _with_profiles(memberships):
    """`memberships` with everything completeness and the reminders read."""
    businesses = Business.objects.with_profile_relations().select_related("owner")
    return memberships.select_related("association").prefetch_related(Prefetch("business", queryset=businesses))


def _members_of(associations, *, incomplete_only=False):
    """Active memberships under any of `associations`, with everything completeness reads."""
    members = _active_members(associations, join=True)
    if incomplete_only:
        # By the stored completeness (registry.completeness_store): the complete ones are
        # never reminded, so their profiles need not be loaded.
        members = members.filter(business__completeness_checks_passed__lt=COMPLETENESS_CHECKS)
    return _with_profiles(members).order_by("business__name", "pk")


def _reminder_history(memberships_filter):
    """({membership pk: last day reminded by any drive}, {(drive pk, membership pk): count})."""
    rows = (
        DriveReminder.objects.filter(memberships_filter)
        .values("membership_id", "drive_id")
        .annotate(count=Count("pk"), last=Max("sent_on"))
        .order_by()
    )
    last_reminded = {}
    counts = {}
    for row in rows:
        key = row["membership_id"]
        last_reminded[key] = max(last_reminded.get(key, row["last"]), row["last"])
        counts[(row["drive_id"], key)] = row["count"]
    return last_reminded, counts


def drive_progress_many(drives, *, today=None, incomplete_only=False):
    """{drive pk: DriveProgress} for several drives in a fixed number of queries, with every
    member loaded (the reminders need each one's missing items; pages use `drive_page`).
    `incomplete_only` leaves out the members whose stored completeness is full."""
    today = today or timezone.localdate()
    drives = list(drives)
    if not drives:
        return {}
    associations = {drive.association_id: drive.association for drive in drives}.values()
    members_qs = _members_of(associations, incomplete_only=incomplete_only)
    memberships = list(members_qs)
    last_reminded, counts = _reminder_history(Q(membership__in=members_qs.values("pk")))
    completeness = {m.pk: m.business.completeness() for m in memberships}
    result = {}
    for drive in drives:
        members = [
            MemberProgress(
                membership=m,
                completeness=completeness[m.pk],
                reminders_in_drive=counts.get((drive.pk, m.pk), 0),
                last_reminded_on=last_reminded.get(m.pk),
            )
            for m in memberships
            if _in_scope(drive.association, m)
        ]
        # Furthest behind first: that is who the officers will phone.
        members.sort(key=lambda member: (member.done, member.score))
        result[drive.pk] = DriveProgress(drive=drive, today=today, members=members)
    return result


def drive_summaries(drives, *, today=None):
    """{drive pk: DriveProgress} for a list page: an open drive's live numbers are counted by
    the database (one aggregate query for the page, whatever the number of drives and
    members: loading 85,000 members' profiles took minutes); a closed drive shows the
    numbers kept when it was closed."""
    today = today or timezone.localdate()
    drives = list(drives)
    open_drives = [drive for drive in drives if drive.status == DataDrive.Status.OPEN]
    totals = live_totals({drive.association_id: drive.association for drive in open_drives}.values())
    result = {}
    for drive in drives:
        live = DriveTotals(*totals[drive.association_id]) if drive in open_drives else None
        result[drive.pk] = DriveProgress(drive=drive, today=today, totals=live)
    return result


def drive_progress(drive, *, today=None):
    """Per member: completeness score, missing items, done; overall percent of members
    complete, average completeness and days left (see DriveProgress)."""
    return drive_progress_many([drive], today=today)[drive.pk]


# The counts read the membership's copies of its business (member_state.py); the member
# table is ordered by the business's own columns.
POINTS = "business_points"
ORDER_POINTS = "business__completeness_checks_passed"
INCOMPLETE = Q(business_points__lt=COMPLETENESS_CHECKS)
# Reachable as MemberProgress.reachable: an account (a notice on the owner's page) or an
# email on the profile (the owner's account email counts only when there is an account).
REACHABLE = Q(business_reachable=True)


def _score(points):
    """A member's rounded score, as Completeness.score rounds it."""
    return round(100 * (points or 0) / COMPLETENESS_CHECKS)


def live_totals(associations):
    """{association pk: (members, complete, average score)} of drives of `associations` now,
    in one aggregate query however many members: the members' stored completeness
    (registry.completeness_store) grouped by unit and umbrella, the groups added up per
    drive. The average is the mean of the members' rounded scores, as DriveProgress.live
    computes it from loaded members.

    Plan at 63,000 members (PostgreSQL 15): an index-only scan of membership_umbrella_counts
    (or membership_unit_counts) and a hash aggregate; no join, no subquery per member
    (evaluating the 14 checks per member took 4 s, joining the businesses 250 ms)."""
    associations = list(associations)
    if not associations:
        return {}
    # Grouped by unit, umbrella and points (at most 15 rows per unit): the sums are made
    # here, so the database does no arithmetic per member.
    rows = list(
        _active_members(associations)
        .values("association_id", "umbrella_id", POINTS)
        .annotate(members=Count("*"))
        .order_by()
    )
    result = {}
    for association in associations:
        key = "association_id" if association.parent_id else "umbrella_id"
        mine = [row for row in rows if row[key] == association.pk]
        result[association.pk] = _totals((row[POINTS], row["members"]) for row in mine)
    return result


def _totals(groups):
    """(members, complete, average score) from (points, members) groups."""
    total = complete = score_sum = 0
    for points, members in groups:
        total += members
        complete += members if points >= COMPLETENESS_CHECKS else 0
        score_sum += _score(points) * members
    return total, complete, score_sum // total if total else 0


def _merge_groups(rows):
    """[{POINTS, "business_reachable", "members"}] from the same counted per unit."""
    merged = {}
    for row in rows:
        key = (row[POINTS], row["business_reachable"])
        merged[key] = merged.get(key, 0) + row["members"]
    return [
        {POINTS: points, "business_reachable": reachable, "members": n} for (points, reachable), n in merged.items()
    ]


def drive_page(drive, *, show="semua", page_number=None, per_page=50, today=None):
    """(DriveProgress, Page of MemberProgress) for the drive's own page, in a fixed number of
    queries however many members: the numbers are counted by the database from the stored
    completeness, and only the page's members are loaded with their profiles (for the
    missing items) and reminders. `show` is "semua", "belum" (incomplete) or "lengkap".
    Members furthest behind first, then by name, as `drive_progress` sorts them."""
    today = today or timezone.localdate()
    members = _active_members([drive.association])
    reminded_today = DriveReminder.objects.filter(sent_on=today, membership__in=members.filter(INCOMPLETE, REACHABLE))
    # At most 30 groups (points x reachable) per unit, read from membership_umbrella_counts
    # alone (COUNT(*): COUNT(id) would read the table for the id). Grouped by unit too, in
    # the index's own order: PostgreSQL counts while it reads (a group aggregate, 4.1 ms
    # for 63,000 members) instead of hashing every entry (5.8 ms); the units' groups are
    # added up here.
    groups = _merge_groups(
        members.values("association_id", POINTS, "business_reachable").annotate(members=Count("*")).order_by()
    )
    total, complete, average = _totals((row[POINTS], row["members"]) for row in groups)
    incomplete = [row for row in groups if row[POINTS] < COMPLETENESS_CHECKS]
    reachable = sum(row["members"] for row in incomplete if row["business_reachable"])
    counts = {
        "incomplete": total - complete,
        "unreachable": sum(row["members"] for row in incomplete if not row["business_reachable"]),
        # One row per member and day (a unique constraint): no DISTINCT needed.
        "to_remind": reachable - reminded_today.count() if reachable else 0,
    }
    progress = DriveProgress(drive=drive, today=today, totals=DriveTotals(total, complete, average), counts=counts)

    # Ordered by the business's columns, filtered on the business's status: PostgreSQL walks
    # the index business_drive_order (status, completeness, name, id) and probes each
    # business's membership, stopping after the page (0.6 ms for the first page at 63,000
    # members, against sorting every member).
    listed = _active_members([drive.association], join=True)
    done = Q(business__completeness_checks_passed__gte=COMPLETENESS_CHECKS)
    shown = {"semua": listed, "belum": listed.exclude(done), "lengkap": listed.filter(done)}[show]
    ordered = shown.order_by(ORDER_POINTS, "business__name", "business_id", "pk").values_list("pk", flat=True)
    paginator = Paginator(ordered, per_page)
    # Known from the figures above: no second count over every member.
    paginator.count = {"semua": total, "belum": total - complete, "lengkap": complete}[show]
    page = paginator.get_page(page_number)
    ids = list(page.object_list)
    # The page's members with the product-side facts of their completeness counted by the
    # database (registry.review.product_facts, five EXISTS per member on the product
    # indexes): prefetching every product, photo, market area and report of 50 businesses
    # built thousands of model instances (40 ms of Python at 100,000 businesses) only to
    # name the missing items. The published snapshot is never shown here.
    facts = product_facts(OuterRef("business_id"))
    found = (
        Membership.objects.filter(pk__in=ids)
        .select_related("association", "business__owner")
        .defer("business__published_snapshot")
        .annotate(**{f"fact_{name}": expression for name, expression in facts.items()})
        .order_by()
        .in_bulk(ids)
    )
    last_reminded, reminder_counts = _reminder_history(Q(membership_id__in=ids))
    page.object_list = [
        MemberProgress(
            membership=found[pk],
            completeness=completeness_from_facts(
                found[pk].business, {name: getattr(found[pk], f"fact_{name}") for name in facts}
            ),
            reminders_in_drive=reminder_counts.get((drive.pk, pk), 0),
            last_reminded_on=last_reminded.get(pk),
        )
        for pk in ids
        if pk in found
    ]
    return progress, page


def drive_start_totals(association):
    """(members, complete, average score) of a drive of `association` as it would start now."""
    return live_totals([association])[association.pk]


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def drive_start(*, association, deadline, started_by, title="", today=None):
    """Start a drive for `association` ending on `deadline` (after today, within a year).

    Only an officer who runs the association may start it; one running drive per
    association at a time (close it, or wait for its deadline, to start another)."""
    today = today or timezone.localdate()
    if not associations_run_by(started_by).filter(pk=association.pk).exists():
        raise PermissionDenied
    # Serialises two officers starting a drive for the same association at once.
    association = Association.objects.select_for_update().get(pk=association.pk)
    if deadline <= today:
        raise ValidationError({"deadline": _("Tenggat harus setelah hari ini.")})
    if deadline > today + MAX_LENGTH:
        raise ValidationError({"deadline": _("Tenggat paling lama satu tahun dari hari ini.")})
    running = DataDrive.objects.filter(association=association).running(today).first()
    if running:
        raise ValidationError(
            _(
                "Masih ada pendataan berjalan untuk %(association)s sampai %(deadline)s. "
                "Tutup pendataan itu dulu, atau tunggu sampai tenggatnya lewat."
            )
            % {"association": association, "deadline": formats.date_format(running.deadline, "j F Y")}
        )
    drive = DataDrive(
        association=association,
        title=title.strip() or _("Lengkapi data dalam satu minggu"),
        starts_on=today,
        deadline=deadline,
        started_by=started_by,
    )
    # The starting point, so that the drive's result can be shown later.
    drive.start_member_count, drive.start_complete_count, drive.start_average_score = drive_start_totals(association)
    drive.full_clean()
    drive.save()
    return drive


@transaction.atomic
def drive_close(*, drive, closed_by=None):
    """End a drive: no more reminders, and its numbers now are kept as its result.

    `closed_by` is the officer closing it early; None is the daily job closing a drive
    whose deadline has passed."""
    if closed_by is not None and not associations_run_by(closed_by).filter(pk=drive.association_id).exists():
        raise PermissionDenied
    drive = DataDrive.objects.select_for_update().select_related("association").get(pk=drive.pk)
    if drive.status == DataDrive.Status.CLOSED:
        raise ValidationError(_("Pendataan ini sudah ditutup."))
    result = DriveTotals(*live_totals([drive.association])[drive.association_id])
    drive.end_member_count, drive.end_complete_count, drive.end_average_score = (
        result.total,
        result.complete,
        result.average,
    )
    drive.status = DataDrive.Status.CLOSED
    drive.closed_at = timezone.now()
    drive.full_clean()
    drive.save()
    return drive


def drives_close_overdue(*, today=None):
    """Close every open drive whose deadline has passed, keeping its result. Returns them."""
    today = today or timezone.localdate()
    overdue = DataDrive.objects.filter(status=DataDrive.Status.OPEN, deadline__lt=today).order_by("pk")
    return [drive_close(drive=drive) for drive in overdue]


@dataclass
class ReminderResult:
    sent: int = 0  # emails queued in the outbox (claimed owners also got a notice on their page)
    notice_only: int = 0  # owner has an account but no email: a notice on their page only
    skipped_today: int = 0  # already reminded today, by this drive or another
    skipped_no_email: int = 0  # no email and no account: the officers must phone them

    @property
    def reached(self):
        return self.sent + self.notice_only


def _email_for(member, drive, *, today, site_url, reply_to):
    """The reminder email of one member, as `email_queue_many` takes it."""
    business = member.business
    path = reverse("owner:business_overview", kwargs={"pk": business.pk}) if member.has_account else ""
    context = {
        "drive": drive,
        "business": business,
        "member": member,
        "days_left": drive.days_left(today),
        "last_day": drive.phase(today) == DataDrive.Phase.LAST_DAY,
        "url": f"{site_url.rstrip('/')}{path}" if path else "",
        "can_reply": bool(reply_to),
    }
    subject = _("Pengingat %(association)s: lengkapi data %(business)s sebelum %(deadline)s") % {
        "association": drive.association,
        "business": business.name,
        "deadline": formats.date_format(drive.deadline, "j F Y"),
    }
    body = render_to_string("organizations/drive_reminder_email.txt", context)
    return {"subject": subject, "body": body, "to": [member.email], "reply_to": reply_to}


def _notice_text(member, drive):
    text = _("%(association)s mengingatkan: lengkapi data %(business)s sebelum %(deadline)s. Belum lengkap: %(items)s.")
    return text % {
        "association": drive.association,
        "business": member.business.name,
        "deadline": formats.date_format(drive.deadline, "j F Y"),
        "items": ", ".join(member.missing),
    }


def drive_send_reminders(drive, *, today=None, sent_by=None, site_url=""):
    """Remind every member who still misses data, at most once a day per member.

    Owners with an account get a notice on their page; an email goes to whoever has an
    address (see `contact_email`). Members are claimed first by inserting their
    DriveReminder rows, which the database refuses twice for the same member and day, so
    two runs at once (a click and the cron job) never send twice. The emails are queued in
    the outbox in the same transaction as those rows: a mail server that is down delays
    them (the outbox retries) but never loses or un-records a reminder. Returns a
    ReminderResult."""
    today = today or timezone.localdate()
    if not drive.may_remind(today):
        raise ValidationError(_("Pengingat hanya dapat dikirim selama pendataan berjalan."))
    # Members read the reminders in Indonesian whatever language the officer's page is in.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        return _send_reminders(drive, today=today, sent_by=sent_by, site_url=site_url)


def _send_reminders(drive, *, today, sent_by, site_url):
    from accounts.models import Notification

    progress = drive_progress_many([drive], today=today, incomplete_only=True)[drive.pk]
    result = ReminderResult()
    candidates = []
    for member in progress.incomplete:
        if member.reminded_on(today):
            result.skipped_today += 1
        elif not member.reachable:
            result.skipped_no_email += 1
        else:
            candidates.append(member)
    batch = uuid.uuid4()
    DriveReminder.objects.bulk_create(
        [
            DriveReminder(
                drive=drive,
                membership=member.membership,
                sent_on=today,
                email=member.email,
                missing_items="\n".join(member.missing),
                sent_by=sent_by,
                batch=batch,
            )
            for member in candidates
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    claimed = set(DriveReminder.objects.filter(batch=batch).values_list("membership_id", flat=True))
    # Those claimed by another run between our read and our insert.
    result.skipped_today += len(candidates) - len(claimed)
    members = [member for member in candidates if member.membership.pk in claimed]

    reply_to = [user.email for user in (sent_by, drive.started_by) if user and user.email][:1]
    emailed = [member for member in members if member.email]
    email_queue_many(
        emails=[_email_for(member, drive, today=today, site_url=site_url, reply_to=reply_to) for member in emailed],
        kind="drive_reminder",
    )
    result.sent = len(emailed)
    result.notice_only = len(members) - len(emailed)
    notices = [
        Notification(
            recipient_id=member.business.owner_id,
            message=_notice_text(member, drive),
            url=reverse("owner:business_overview", kwargs={"pk": member.business.pk}),
        )
        for member in members
        if member.has_account
    ]
    Notification.objects.bulk_create(notices, batch_size=500)
    return result


def drives_send_reminders(*, today=None, site_url=""):
    """The daily job: reminders for every open drive within its period. [(drive, result)]."""
    today = today or timezone.localdate()
    done = []
    for drive in DataDrive.objects.running(today).select_related("association", "started_by").order_by("pk"):
        done.append((drive, drive_send_reminders(drive, today=today, site_url=site_url)))
    return done


def default_deadline(today=None):
    return (today or timezone.localdate()) + DEFAULT_LENGTH
