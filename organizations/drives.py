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
from django.db import transaction
from django.db.models import Count, F, FloatField, Max, Prefetch, Q, Sum
from django.db.models.functions import Cast, Round
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from registry.models import Business
from registry.review import COMPLETENESS_CHECKS
from tuban_ikm.outbox import email_queue_many

from .models import Association, DataDrive, DriveReminder, DriveTotals, Membership
from .selectors import associations_run_by, with_completeness

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


def _members_of(associations):
    """Active memberships under any of `associations`, with everything completeness reads."""
    scope = reduce(operator.or_, (_scope(a) for a in associations))
    businesses = Business.objects.with_profile_relations().select_related("owner")
    return (
        Membership.objects.filter(scope, status=Membership.Status.ACTIVE, business__status=Business.Status.ACTIVE)
        .select_related("association")
        .prefetch_related(Prefetch("business", queryset=businesses))
        .order_by("business__name", "pk")
    )


def drive_progress_many(drives, *, today=None):
    """{drive pk: DriveProgress} for several drives in a fixed number of queries."""
    today = today or timezone.localdate()
    drives = list(drives)
    if not drives:
        return {}
    associations = {drive.association_id: drive.association for drive in drives}.values()
    members_qs = _members_of(associations)
    memberships = list(members_qs)
    reminder_rows = (
        DriveReminder.objects.filter(membership__in=members_qs.values("pk"))
        .values("membership_id", "drive_id")
        .annotate(count=Count("pk"), last=Max("sent_on"))
        .order_by()
    )
    last_reminded = {}
    counts = {}
    for row in reminder_rows:
        key = row["membership_id"]
        last_reminded[key] = max(last_reminded.get(key, row["last"]), row["last"])
        counts[(row["drive_id"], key)] = row["count"]
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


def live_totals(associations):
    """{association pk: (members, complete, average score)} of drives of `associations` now,
    in one aggregate query however many members: the database counts each member's
    completeness checks (selectors.with_completeness), grouped by unit and umbrella, and the
    groups are added up per drive. The average is the mean of the members' rounded scores,
    as DriveProgress.live computes it from loaded members."""
    associations = list(associations)
    if not associations:
        return {}
    scope = reduce(operator.or_, (_scope(a) for a in associations))
    members = with_completeness(
        Membership.objects.filter(scope, status=Membership.Status.ACTIVE, business__status=Business.Status.ACTIVE)
    )
    score = Round(Cast(F("completeness_points"), FloatField()) * 100.0 / COMPLETENESS_CHECKS)
    rows = list(
        members.values("association_id", "umbrella_id")
        .annotate(
            total=Count("pk"),
            complete=Count("pk", filter=Q(completeness_points__gte=COMPLETENESS_CHECKS)),
            score_sum=Sum(score),
        )
        .order_by()
    )
    result = {}
    for association in associations:
        key = "association_id" if association.parent_id else "umbrella_id"
        mine = [row for row in rows if row[key] == association.pk]
        total = sum(row["total"] for row in mine)
        complete = sum(row["complete"] for row in mine)
        score_sum = int(sum(row["score_sum"] or 0 for row in mine))
        result[association.pk] = (total, complete, score_sum // total if total else 0)
    return result


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
    result = drive_progress(drive).live
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

    progress = drive_progress(drive, today=today)
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
