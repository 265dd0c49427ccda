"""Data drives: officers start one with a deadline, follow who still misses which data, and
remind those members by email at most once a day each."""

from datetime import timedelta
from io import StringIO

import factory
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from organizations import drives
from organizations.models import DataDrive, DriveReminder, Membership
from registry.completeness import Check, Completeness
from registry.models import Business
from tests.factories import (
    AssociationFactory,
    BusinessFactory,
    MarketAreaFactory,
    MembershipFactory,
    OfficerFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)
from tuban_ikm.models import OutboundEmail

pytestmark = pytest.mark.django_db


class DataDriveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataDrive

    association = factory.SubFactory(AssociationFactory)
    title = "Lengkapi data dalam satu minggu"
    starts_on = factory.LazyFunction(timezone.localdate)
    deadline = factory.LazyAttribute(lambda drive: drive.starts_on + timedelta(days=7))


@pytest.fixture
def today():
    return timezone.localdate()


_nib = iter(range(1000000000000, 9999999999999))


def complete(business):
    """Fill in everything registry.completeness checks."""
    Business.objects.filter(pk=business.pk).update(legal_form="ud", nib=str(next(_nib)), year_started=2010)
    product = ProductFactory(business=business)
    product.photos.create(image="produk/x.jpg")
    MarketAreaFactory(product=product)
    ProductionReportFactory(product=product)
    return business


def member(association, *, done=False, email="", owner=None, name=None):
    """An active member; unclaimed unless `owner` is given."""
    fields = {"email": email, "owner": owner}
    if name:
        fields["name"] = name
    business = BusinessFactory(**fields)
    if done:
        complete(business)
    return MembershipFactory(business=business, association=association)


def score_of(membership):
    return Business.objects.with_profile_relations().get(pk=membership.business_id).completeness().score


# --- Starting a drive ------------------------------------------------------------------------


def test_officer_starts_a_drive_with_a_deadline_and_sees_its_page(officer_client, pengurus, association, today):
    member(association, done=True)
    member(association)
    response = officer_client.get(reverse("organizations:drive_start"))
    assert response.status_code == 200
    assert response.context["form"]["deadline"].value() == today + timedelta(days=7)
    assert "Lengkapi data dalam satu minggu" in response.text

    response = officer_client.post(
        reverse("organizations:drive_start"),
        {"association": association.pk, "title": "", "deadline": (today + timedelta(days=7)).isoformat()},
    )
    drive = DataDrive.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:drive_detail", args=[drive.pk])
    assert drive.title == "Lengkapi data dalam satu minggu"
    assert (drive.association, drive.starts_on, drive.started_by) == (association, today, pengurus)
    assert drive.status == DataDrive.Status.OPEN
    # The starting point is kept, so the drive's result can be shown later.
    assert (drive.start_member_count, drive.start_complete_count) == (2, 1)
    assert drive.start_totals.percent == 50
    assert drive.end_totals is None


@pytest.mark.parametrize("days", [0, -1, -30])
def test_a_deadline_today_or_in_the_past_is_refused_next_to_the_field(officer_client, association, today, days):
    response = officer_client.post(
        reverse("organizations:drive_start"),
        {"association": association.pk, "title": "Pendataan", "deadline": (today + timedelta(days=days)).isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"deadline": ["Tenggat harus setelah hari ini."]}
    # crispy puts the message under the field itself
    assert 'id="error_1_id_deadline"' in response.text
    assert not DataDrive.objects.exists()


def test_a_deadline_more_than_a_year_ahead_is_refused(pengurus, association, today):
    with pytest.raises(ValidationError) as error:
        drives.drive_start(association=association, deadline=today + timedelta(days=400), started_by=pengurus)
    assert error.value.message_dict == {"deadline": ["Tenggat paling lama satu tahun dari hari ini."]}


def test_a_second_running_drive_for_the_same_association_is_refused(officer_client, pengurus, association, today):
    drives.drive_start(association=association, deadline=today + timedelta(days=7), started_by=pengurus)
    response = officer_client.post(
        reverse("organizations:drive_start"),
        {"association": association.pk, "title": "Lagi", "deadline": (today + timedelta(days=3)).isoformat()},
    )
    assert response.status_code == 200
    assert "Masih ada pendataan berjalan" in response.text
    assert DataDrive.objects.count() == 1


def test_a_new_drive_may_start_once_the_previous_one_is_closed_or_overdue(pengurus, association, today):
    first = drives.drive_start(association=association, deadline=today + timedelta(days=7), started_by=pengurus)
    drives.drive_close(drive=first, closed_by=pengurus)
    drives.drive_start(association=association, deadline=today + timedelta(days=7), started_by=pengurus)
    DataDriveFactory(association=association, starts_on=today - timedelta(days=10), deadline=today - timedelta(days=3))
    assert DataDrive.objects.count() == 3


def test_officer_cannot_start_a_drive_for_an_association_they_do_not_run(officer_client, pengurus, today):
    other = AssociationFactory()
    with pytest.raises(PermissionDenied):
        drives.drive_start(association=other, deadline=today + timedelta(days=7), started_by=pengurus)
    response = officer_client.post(
        reverse("organizations:drive_start"),
        {"association": other.pk, "title": "", "deadline": (today + timedelta(days=7)).isoformat()},
    )
    assert response.status_code == 200
    assert "association" in response.context["form"].errors
    assert not DataDrive.objects.exists()


def test_sub_unit_officer_starts_a_drive_for_their_unit_without_choosing_it(client, kerek_unit, today):
    unit_officer = OfficerFactory(association=kerek_unit).user
    client.force_login(unit_officer)
    response = client.get(reverse("organizations:drive_start"))
    assert list(response.context["form"].fields["association"].queryset) == [kerek_unit]
    assert 'type="hidden" name="association"' in response.text
    client.post(
        reverse("organizations:drive_start"),
        {"association": kerek_unit.pk, "deadline": (today + timedelta(days=7)).isoformat()},
    )
    assert DataDrive.objects.get().association == kerek_unit


def test_the_database_refuses_a_deadline_before_the_start(association, today):
    with pytest.raises(IntegrityError), transaction.atomic():
        DataDrive.objects.create(association=association, starts_on=today, deadline=today - timedelta(days=1))


# --- Progress ---------------------------------------------------------------------------------


def test_progress_counts_complete_members_and_average_completeness(association, today):
    done = member(association, done=True, name="Batik Lengkap")
    partly = [member(association, name=f"Batik Belum {n}") for n in range(3)]
    closed = member(association, name="Usaha Tutup")
    Business.objects.filter(pk=closed.business_id).update(status=Business.Status.CLOSED)  # not counted
    MembershipFactory(association=association, status="nonaktif")  # inactive member
    MembershipFactory(business=BusinessFactory(name="Anggota Lain"))  # another association
    drive = DataDriveFactory(association=association)

    progress = drives.drive_progress(drive, today=today)

    assert progress.total == 4
    assert progress.complete_count == 1
    assert progress.percent_complete == 25
    scores = [100] + [score_of(m) for m in partly]
    assert progress.average_score == sum(scores) // 4
    by_business = {m.business.name: m for m in progress.members}
    assert by_business["Batik Lengkap"].done and by_business["Batik Lengkap"].missing == []
    assert "NIB" in by_business["Batik Belum 0"].missing
    assert "Minimal satu produk" in by_business["Batik Belum 0"].missing
    assert not by_business["Batik Belum 0"].done
    # furthest behind first
    assert progress.members[-1].membership == done


def test_progress_rises_when_a_member_completes_their_data(association, today):
    members = [member(association) for _ in range(4)]
    member(association, done=True)
    drive = DataDriveFactory(association=association)
    before = drives.drive_progress(drive, today=today)
    assert (before.percent_complete, before.complete_count) == (20, 1)

    complete(members[0].business)
    after = drives.drive_progress(drive, today=today)
    assert (after.percent_complete, after.complete_count) == (40, 2)
    assert after.average_score > before.average_score


def test_percent_complete_rounds_down_so_100_means_every_member(association, today):
    ok = Completeness([Check("a", "A", True)])
    lacking = Completeness([Check("a", "A", True), Check("b", "B", False)])
    drive = DataDriveFactory(association=association)
    members = [drives.MemberProgress(membership=None, completeness=ok) for _ in range(199)]
    members.append(drives.MemberProgress(membership=None, completeness=lacking))
    progress = drives.DriveProgress(drive=drive, today=today, members=members)
    assert progress.percent_complete == 99
    assert progress.average_score == 99


def test_a_drive_without_members_shows_zero_not_an_error(association, today):
    progress = drives.drive_progress(DataDriveFactory(association=association), today=today)
    assert (progress.total, progress.percent_complete, progress.average_score) == (0, 0, 0)


def test_umbrella_drive_covers_sub_units_and_unit_drive_only_its_unit(association, kerek_unit, today):
    direct = member(association)
    in_unit = member(kerek_unit)
    umbrella_drive = DataDriveFactory(association=association)
    unit_drive = DataDriveFactory(association=kerek_unit)
    progress = drives.drive_progress_many([umbrella_drive, unit_drive], today=today)
    assert {m.membership for m in progress[umbrella_drive.pk].members} == {direct, in_unit}
    assert [m.membership for m in progress[unit_drive.pk].members] == [in_unit]


def test_days_left_counts_down_to_zero_then_the_drive_is_overdue(association, today):
    drive = DataDriveFactory(association=association, starts_on=today, deadline=today + timedelta(days=3))
    assert (drive.days_left(today), drive.phase(today)) == (3, DataDrive.Phase.RUNNING)
    last_day = today + timedelta(days=3)
    assert (drive.days_left(last_day), drive.phase(last_day)) == (0, DataDrive.Phase.LAST_DAY)
    late = today + timedelta(days=5)
    assert (drive.days_left(late), drive.phase(late), drive.days_overdue(late)) == (0, DataDrive.Phase.OVERDUE, 2)
    assert drive.may_remind(last_day) and not drive.may_remind(late)
    drive.status, drive.closed_at = DataDrive.Status.CLOSED, timezone.now()
    assert drive.phase(today) == DataDrive.Phase.CLOSED and not drive.may_remind(today)


def test_detail_page_shows_percent_days_left_and_what_each_member_misses(officer_client, association, today):
    member(association, done=True, name="Batik Lengkap")
    lacking = member(association, name="Batik Kurang")
    drive = DataDriveFactory(association=association, deadline=today + timedelta(days=5))
    response = officer_client.get(reverse("organizations:drive_detail", args=[drive.pk]))
    assert response.status_code == 200
    text = response.text
    assert 'aria-valuenow="50"' in text
    assert "1 dari 2" in text
    assert "sisa 5 hari" in text
    assert "Batik Lengkap" in text and "Batik Kurang" in text
    assert "<li>NIB</li>" in text
    assert "Kirim pengingat" in text
    # the officer opens the member's page for contact details and an invitation link
    assert reverse("organizations:member_detail", args=[lacking.pk]) in text


def test_filter_shows_only_members_who_still_miss_data(officer_client, association):
    member(association, done=True, name="Batik Lengkap")
    member(association, name="Batik Kurang")
    drive = DataDriveFactory(association=association)
    url = reverse("organizations:drive_detail", args=[drive.pk])
    text = officer_client.get(url, {"tampil": "belum"}).text
    assert "Batik Kurang" in text and "Batik Lengkap" not in text
    text = officer_client.get(url, {"tampil": "lengkap"}).text
    assert "Batik Lengkap" in text and "Batik Kurang" not in text


def test_drive_page_shows_one_page_of_members_furthest_behind_first_and_counts_them_all(
    officer_client, association, today, monkeypatch
):
    from organizations import drive_views

    monkeypatch.setattr(drive_views, "MEMBERS_PER_PAGE", 2)
    done = member(association, done=True, name="Batik A Lengkap")
    emailed = member(association, email="b@example.id", name="Batik B")
    reminded = member(association, email="c@example.id", name="Batik C")
    member(association, name="Batik D Tanpa Kontak")  # neither email nor account
    drive = DataDriveFactory(association=association)
    DriveReminder.objects.create(drive=drive, membership=reminded, sent_on=today, batch="0" * 32)
    url = reverse("organizations:drive_detail", args=[drive.pk])

    first = officer_client.get(url)
    assert "Semua (4)" in first.text and "Belum lengkap saja (3)" in first.text and "Sudah lengkap (1)" in first.text
    # B and D miss the same items, C too: furthest behind first, then by name; the complete
    # member last, on page 2.
    assert [m.membership.pk for m in first.context["page"]] == [emailed.pk, reminded.pk]
    assert first.context["page"].paginator.num_pages == 2
    # Only B is reachable and not reminded today; D has nobody to send to.
    assert first.context["to_remind"] == 1
    assert 'data-unreachable="1"' in first.text

    last = officer_client.get(url, {"page": 2})
    assert [m.membership.pk for m in last.context["page"]] == [
        m.pk for m in Membership.objects.filter(business__name="Batik D Tanpa Kontak")
    ] + [done.pk]
    # The tab is kept on the page links.
    incomplete = officer_client.get(url, {"tampil": "belum"})
    assert "?tampil=belum&amp;page=2" in incomplete.text
    assert done.business.name not in incomplete.text


def test_overdue_drive_page_says_so_and_offers_no_reminder(officer_client, association, today):
    member(association)
    drive = DataDriveFactory(
        association=association, starts_on=today - timedelta(days=9), deadline=today - timedelta(days=2)
    )
    text = officer_client.get(reverse("organizations:drive_detail", args=[drive.pk])).text
    assert "Lewat tenggat" in text and "lewat 2 hari" in text
    assert reverse("organizations:drive_remind", args=[drive.pk]) not in text


def test_drive_list_shows_each_drive_with_its_progress(officer_client, association, kerek_unit):
    member(association, done=True)
    member(kerek_unit)
    DataDriveFactory(association=association, title="Pendataan induk")
    DataDriveFactory(association=kerek_unit, title="Pendataan Kerek")
    DataDriveFactory(title="Pendataan asosiasi lain")
    response = officer_client.get(reverse("organizations:drive_list"))
    assert response.status_code == 200
    text = response.text
    assert "Pendataan induk" in text and "Pendataan Kerek" in text
    assert "Pendataan asosiasi lain" not in text
    assert "1 dari 2 (50%)" in text and "0 dari 1 (0%)" in text


# --- Reminders --------------------------------------------------------------------------------


def test_reminders_go_to_members_missing_data_once_a_day(
    association, pengurus, today, django_capture_on_commit_callbacks
):
    owner = UserFactory(username="siti", email="siti@example.id")
    claimed = member(association, owner=owner, name="Batik Siti")
    unclaimed = member(association, email="tenun@example.id", name="Tenun Gedog")
    member(association, done=True, email="lengkap@example.id")
    drive = DataDriveFactory(association=association, started_by=pengurus)

    with django_capture_on_commit_callbacks(execute=True):
        result = drives.drive_send_reminders(drive, today=today, site_url="https://ikm.example.id/")

    assert (result.sent, result.skipped_today, result.skipped_no_email) == (2, 0, 0)
    assert sorted(message.to[0] for message in mail.outbox) == ["siti@example.id", "tenun@example.id"]
    to_siti = next(message for message in mail.outbox if message.to == ["siti@example.id"])
    assert to_siti.subject.startswith("Pengingat ")
    assert "Batik Siti" in to_siti.subject
    assert "- NIB" in to_siti.body
    assert f"https://ikm.example.id/usaha/{claimed.business_id}/" in to_siti.body
    assert to_siti.reply_to == [pengurus.email]
    to_tenun = next(message for message in mail.outbox if message.to == ["tenun@example.id"])
    assert "tautan klaim" in to_tenun.body
    # the claimed owner also sees it on their page
    assert Notification.objects.get(recipient=owner).url == f"/usaha/{claimed.business_id}/"
    assert set(DriveReminder.objects.values_list("membership", flat=True)) == {claimed.pk, unclaimed.pk}

    with django_capture_on_commit_callbacks(execute=True):
        again = drives.drive_send_reminders(drive, today=today)
    assert (again.sent, again.skipped_today) == (0, 2)
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        next_day = drives.drive_send_reminders(drive, today=today + timedelta(days=1))
    assert next_day.sent == 2
    assert len(mail.outbox) == 4


def test_owner_email_comes_first_then_the_business_email(association):
    with_account = member(association, owner=UserFactory(email="pemilik@example.id"), email="usaha@example.id")
    assert drives.contact_email(with_account.business) == "pemilik@example.id"
    phone_only = member(association, owner=UserFactory(email=""), email="usaha2@example.id")
    assert drives.contact_email(phone_only.business) == "usaha2@example.id"


def test_members_without_email_are_skipped_and_phone_only_owners_get_a_notice(
    association, today, django_capture_on_commit_callbacks
):
    phone_owner = UserFactory(username="hp-saja", email="")
    member(association, owner=phone_owner)
    member(association)  # no account, no email: the officers must phone them
    drive = DataDriveFactory(association=association)

    with django_capture_on_commit_callbacks(execute=True):
        result = drives.drive_send_reminders(drive, today=today)

    assert (result.sent, result.notice_only, result.skipped_no_email) == (0, 1, 1)
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()
    assert Notification.objects.filter(recipient=phone_owner).count() == 1
    assert DriveReminder.objects.count() == 1
    # the notice, too, is once a day
    assert drives.drive_send_reminders(drive, today=today).notice_only == 0
    assert Notification.objects.filter(recipient=phone_owner).count() == 1


def test_the_database_refuses_a_second_reminder_to_a_member_on_the_same_day(association, today):
    membership = member(association, email="a@example.id")
    drive = DataDriveFactory(association=association)
    other_drive = DataDriveFactory(association=association, title="Lain")
    DriveReminder.objects.create(drive=drive, membership=membership, sent_on=today, batch="0" * 32)
    with pytest.raises(IntegrityError), transaction.atomic():
        DriveReminder.objects.create(drive=other_drive, membership=membership, sent_on=today, batch="1" * 32)


def test_a_member_reminded_by_the_unit_drive_is_not_reminded_again_by_the_umbrella_drive(
    association, kerek_unit, today, django_capture_on_commit_callbacks
):
    in_unit = member(kerek_unit, email="unit@example.id")
    direct = member(association, email="induk@example.id")
    unit_drive = DataDriveFactory(association=kerek_unit)
    umbrella_drive = DataDriveFactory(association=association)
    with django_capture_on_commit_callbacks(execute=True):
        assert drives.drive_send_reminders(unit_drive, today=today).sent == 1
    with django_capture_on_commit_callbacks(execute=True):
        result = drives.drive_send_reminders(umbrella_drive, today=today)
    assert (result.sent, result.skipped_today) == (1, 1)
    assert [message.to for message in mail.outbox] == [["unit@example.id"], ["induk@example.id"]]
    assert DriveReminder.objects.get(membership=direct).drive == umbrella_drive
    assert DriveReminder.objects.get(membership=in_unit).drive == unit_drive


class RefusingBackend(EmailBackend):
    """Refuses mail to addresses starting with "tolak"."""

    def send_messages(self, messages):
        for message in messages:
            if message.to[0].startswith("tolak"):
                raise ConnectionError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_a_refused_email_stays_recorded_and_the_outbox_retries_it(
    settings, association, today, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.organizations.test_drive.RefusingBackend"
    refused = member(association, email="tolak@example.id")
    member(association, email="ok@example.id")
    drive = DataDriveFactory(association=association)

    with django_capture_on_commit_callbacks(execute=True):
        result = drives.drive_send_reminders(drive, today=today)
    assert result.sent == 2
    assert DriveReminder.objects.filter(membership=refused).exists()
    call_command("send_outbox")  # the cron run sends what the first attempt left
    assert [message.to for message in mail.outbox] == [["ok@example.id"]]
    waiting = OutboundEmail.objects.get(status=OutboundEmail.Status.PENDING)
    assert waiting.to == ["tolak@example.id"] and "550" in waiting.last_error

    # Clicking again the same day queues nothing new: the member counts as reminded.
    with django_capture_on_commit_callbacks(execute=True):
        again = drives.drive_send_reminders(drive, today=today)
    assert (again.sent, again.skipped_today) == (0, 2)
    assert OutboundEmail.objects.count() == 2


@pytest.mark.parametrize(
    "backend", ["tests.robust.mail_backends.UnreachableBackend", "tests.robust.mail_backends.RefusingBackend"]
)
def test_with_the_mail_server_down_the_reminder_is_queued_and_send_outbox_delivers_it_later(
    settings, officer_client, association, today, backend, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = backend
    member(association, email="siti@example.id", name="Batik Siti")
    drive = DataDriveFactory(association=association)

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("organizations:drive_remind", args=[drive.pk]), follow=True)
    assert response.status_code == 200
    assert "1 pengingat terkirim lewat email" in response.text
    assert "gagal" not in response.text
    assert DriveReminder.objects.count() == 1
    assert mail.outbox == []
    queued = OutboundEmail.objects.get()
    assert (queued.status, queued.attempts, queued.kind) == ("menunggu", 1, "drive_reminder")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_outbox")
    assert [message.to for message in mail.outbox] == [["siti@example.id"]]
    assert "Batik Siti" in mail.outbox[0].subject
    call_command("send_outbox")
    assert len(mail.outbox) == 1  # delivered once


def test_reminders_are_refused_after_the_deadline_and_once_closed(association, pengurus, today):
    member(association, email="a@example.id")
    overdue = DataDriveFactory(
        association=association, starts_on=today - timedelta(days=8), deadline=today - timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        drives.drive_send_reminders(overdue, today=today)
    running = DataDriveFactory(association=association)
    drives.drive_close(drive=running, closed_by=pengurus)
    running.refresh_from_db()
    with pytest.raises(ValidationError):
        drives.drive_send_reminders(running, today=today)
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


def test_send_reminders_button_reports_how_many_were_sent_and_skipped(
    officer_client, association, django_capture_on_commit_callbacks
):
    member(association, email="a@example.id")
    member(association, email="b@example.id")
    member(association)
    drive = DataDriveFactory(association=association)
    url = reverse("organizations:drive_remind", args=[drive.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("organizations:drive_detail", args=[drive.pk]), 302)]
    assert "2 pengingat terkirim lewat email" in response.text
    assert "1 dilewati karena tanpa email dan belum punya akun" in response.text
    assert len(mail.outbox) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(url, follow=True)
    assert "Tidak ada pengingat baru" in response.text
    assert "2 dilewati karena sudah diingatkan hari ini" in response.text
    assert len(mail.outbox) == 2


def test_remind_only_answers_post(officer_client, association):
    drive = DataDriveFactory(association=association)
    assert officer_client.get(reverse("organizations:drive_remind", args=[drive.pk])).status_code == 405


def test_closing_keeps_the_result_so_later_edits_do_not_change_it(officer_client, pengurus, association, today):
    laggard = member(association)
    member(association, done=True)
    drive = drives.drive_start(association=association, deadline=today + timedelta(days=7), started_by=pengurus)
    complete(laggard.business)
    drives.drive_close(drive=drive, closed_by=pengurus)
    drive.refresh_from_db()
    assert (drive.end_totals.total, drive.end_totals.complete, drive.end_totals.percent) == (2, 2, 100)
    assert drive.start_totals.percent == 50

    # A product added later makes the member incomplete again: the drive's result stays.
    ProductFactory(business=laggard.business)
    progress = drives.drive_progress(drive, today=today)
    assert progress.percent_complete == 50
    assert progress.headline.percent == 100
    text = officer_client.get(reverse("organizations:drive_list")).text
    assert "2 dari 2 (100%)" in text and "saat mulai 50%" in text
    text = officer_client.get(reverse("organizations:drive_detail", args=[drive.pk])).text
    assert "Saat ditutup" in text and "Saat ini: 1 dari 2 lengkap (50%)" in text


def test_closing_a_closed_drive_is_refused(pengurus, association):
    drive = DataDriveFactory(association=association)
    drives.drive_close(drive=drive, closed_by=pengurus)
    with pytest.raises(ValidationError):
        drives.drive_close(drive=drive, closed_by=pengurus)


def test_officer_closes_a_drive_and_reminders_stop(officer_client, association, django_capture_on_commit_callbacks):
    member(association, email="a@example.id")
    drive = DataDriveFactory(association=association)
    officer_client.post(reverse("organizations:drive_close", args=[drive.pk]))
    drive.refresh_from_db()
    assert drive.status == DataDrive.Status.CLOSED and drive.closed_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(reverse("organizations:drive_remind", args=[drive.pk]), follow=True)
    assert "Pengingat hanya dapat dikirim selama pendataan berjalan." in response.text
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


# --- Sub-units and access ------------------------------------------------------------------------


def test_sub_unit_officer_sees_and_reminds_only_their_units_members(
    client, association, kerek_unit, django_capture_on_commit_callbacks
):
    unit_officer = OfficerFactory(association=kerek_unit).user
    member(kerek_unit, email="unit@example.id", name="Anggota Kerek")
    member(association, email="induk@example.id", name="Anggota Induk")
    unit_drive = DataDriveFactory(association=kerek_unit)
    umbrella_drive = DataDriveFactory(association=association, title="Pendataan induk")
    client.force_login(unit_officer)

    text = client.get(reverse("organizations:drive_list")).text
    assert "Pendataan induk" not in text
    text = client.get(reverse("organizations:drive_detail", args=[unit_drive.pk])).text
    assert "Anggota Kerek" in text and "Anggota Induk" not in text
    assert client.get(reverse("organizations:drive_detail", args=[umbrella_drive.pk])).status_code == 404
    assert client.post(reverse("organizations:drive_remind", args=[umbrella_drive.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("organizations:drive_remind", args=[unit_drive.pk]))
    assert [message.to for message in mail.outbox] == [["unit@example.id"]]


@pytest.mark.parametrize(
    ("name", "method"), [("drive_detail", "get"), ("drive_remind", "post"), ("drive_close", "post")]
)
def test_another_associations_drive_answers_404(officer_client, name, method, django_capture_on_commit_callbacks):
    other = DataDriveFactory()
    member(other.association, email="lain@example.id")
    with django_capture_on_commit_callbacks(execute=True):
        assert getattr(officer_client, method)(reverse(f"organizations:{name}", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == DataDrive.Status.OPEN
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("name", "method", "with_pk"),
    [
        ("drive_list", "get", False),
        ("drive_start", "get", False),
        ("drive_start", "post", False),
        ("drive_detail", "get", True),
        ("drive_remind", "post", True),
        ("drive_close", "post", True),
    ],
)
def test_owners_and_dinas_staff_get_403_and_visitors_are_sent_to_log_in(
    client, pelaku, dinas, association, name, method, with_pk
):
    drive = DataDriveFactory(association=association)
    url = reverse(f"organizations:{name}", args=[drive.pk] if with_pk else [])
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/akun/" in response["Location"]
    for user in (pelaku, dinas):
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 403
    assert DataDrive.objects.get().status == DataDrive.Status.OPEN


def test_a_member_who_owns_the_business_cannot_open_the_drive_of_their_association(client, pelaku, association):
    MembershipFactory(business=pelaku.businesses.get(), association=association)
    drive = DataDriveFactory(association=association)
    client.force_login(pelaku)
    assert client.get(reverse("organizations:drive_detail", args=[drive.pk])).status_code == 403


def test_former_officer_whose_term_ended_gets_403(client, association):
    former = OfficerFactory(association=association, term_end="2025-06-30").user
    drive = DataDriveFactory(association=association)
    client.force_login(former)
    assert client.get(reverse("organizations:drive_detail", args=[drive.pk])).status_code == 403


# --- Query counts ------------------------------------------------------------------------------


def members_with_products(association, count):
    for n in range(count):
        membership = member(association, email=f"m{n}@example.id", owner=UserFactory() if n % 2 else None)
        product = ProductFactory(business=membership.business)
        product.photos.create(image="produk/x.jpg")
        MarketAreaFactory(product=product)


@pytest.mark.parametrize("size", [3, 30])
def test_drive_page_queries_do_not_grow_with_members(
    officer_client, association, kerek_unit, size, django_assert_max_num_queries
):
    members_with_products(association, size)
    members_with_products(kerek_unit, size)
    drive = DataDriveFactory(association=association)
    DriveReminder.objects.create(
        drive=drive, membership=drive.association.all_memberships.first(), sent_on=timezone.localdate(), batch="0" * 32
    )
    # +2: the layout's unread-notice count and Dinas's contact details in the footer.
    with django_assert_max_num_queries(17):
        response = officer_client.get(reverse("organizations:drive_detail", args=[drive.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_drive_list_queries_do_not_grow_with_drives_or_members(
    officer_client, association, kerek_unit, size, django_assert_max_num_queries
):
    members_with_products(association, size)
    members_with_products(kerek_unit, size)
    for n in range(size):
        DataDriveFactory(
            association=association if n % 2 else kerek_unit, starts_on=timezone.localdate() - timedelta(days=n)
        )
    with django_assert_max_num_queries(15):
        response = officer_client.get(reverse("organizations:drive_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_sending_reminders_takes_a_fixed_number_of_queries(association, size, django_assert_max_num_queries, today):
    members_with_products(association, size)
    drive = DataDriveFactory(association=association)
    # 14: the members' profiles, the reminder rows, one insert for all the queued emails, the
    # notices, and the transaction's savepoint.
    # +1: Dinas's contact details read once for the emails' signature (tuban_ikm.outbox).
    with django_assert_max_num_queries(15):
        result = drives.drive_send_reminders(drive, today=today)
    assert result.sent == size


# --- The daily command -------------------------------------------------------------------------


def test_daily_command_reminds_open_drives_and_sends_nothing_the_second_time(
    association, kerek_unit, today, django_capture_on_commit_callbacks
):
    member(association, email="induk@example.id")
    member(kerek_unit, email="unit@example.id")
    other = AssociationFactory()
    member(other, email="lain@example.id")
    DataDriveFactory(association=association)
    DataDriveFactory(association=other, starts_on=today - timedelta(days=9), deadline=today - timedelta(days=1))
    closed = DataDriveFactory(association=other, title="Ditutup")
    closed.status, closed.closed_at = DataDrive.Status.CLOSED, timezone.now()
    closed.save()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_drive_reminders", stdout=out)
    assert sorted(message.to[0] for message in mail.outbox) == ["induk@example.id", "unit@example.id"]
    assert "sent=2" in out.getvalue()
    assert "1 open drive(s) processed." in out.getvalue()

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_drive_reminders", stdout=out)
    assert len(mail.outbox) == 2
    assert "sent=0" in out.getvalue() and "skipped_today=2" in out.getvalue()


def test_daily_command_closes_overdue_drives_and_keeps_their_result(association, today):
    member(association, done=True)
    member(association)
    overdue = DataDriveFactory(
        association=association, starts_on=today - timedelta(days=9), deadline=today - timedelta(days=1)
    )
    running = DataDriveFactory(association=association, title="Masih berjalan")
    out = StringIO()
    call_command("send_drive_reminders", stdout=out)
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.status == DataDrive.Status.CLOSED
    assert (overdue.end_totals.total, overdue.end_totals.complete) == (2, 1)
    assert running.status == DataDrive.Status.OPEN
    assert f"closed drive {overdue.pk}" in out.getvalue()
    call_command("send_drive_reminders", stdout=StringIO())  # nothing left to close
    assert DataDrive.objects.filter(status=DataDrive.Status.CLOSED).count() == 1
