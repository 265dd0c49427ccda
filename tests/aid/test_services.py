"""The aid cycle and the assistance history it writes; quota enforcement, also under a race."""

import threading
import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aid import services
from aid.models import Application
from registry.models import Assistance, Business
from tests import uploads
from tests.aid.factories import ApplicationFactory, ProgrammeFactory, ensure_reference_data
from tests.factories import NeedFactory, UserFactory


def ktp():
    return uploads.jpeg("ktp.jpg")


def receipt():
    return uploads.pdf("tanda-terima.pdf")


@pytest.mark.django_db
def test_applying_stores_a_snapshot_documents_and_a_proposed_assistance(pelaku):
    business = pelaku.businesses.get()
    NeedFactory(business=business, kind="alat")
    programme = ProgrammeFactory()
    application = services.application_create(
        programme=programme, business=business, user=pelaku, documents={"Foto KTP pemilik": ktp()}
    )
    assert application.snapshot["name"] == "Batik Sekar Gedog"
    assert application.snapshot["kecamatan"] == "Kerek"
    assert application.snapshot["needs"] == ["alat"]
    assert application.documents.get().name == "Foto KTP pemilik"
    assistance = application.assistance
    assert (assistance.status, assistance.kind, assistance.programme, assistance.value) == (
        "diusulkan",
        "alat",
        programme.name,
        Decimal("2500000.00"),
    )
    # The snapshot keeps what was true then.
    Business.objects.filter(pk=business.pk).update(name="Nama Baru")
    application.refresh_from_db()
    assert application.snapshot["name"] == "Batik Sekar Gedog"


@pytest.mark.django_db
def test_applying_is_refused_outside_the_window_twice_or_without_documents(pelaku):
    business = pelaku.businesses.get()
    closed = ProgrammeFactory(opens_on=date(2024, 1, 1), closes_on=date(2024, 1, 31))
    with pytest.raises(ValidationError, match="tidak dibuka"):
        services.application_create(programme=closed, business=business, user=pelaku, documents={})
    programme = ProgrammeFactory()
    with pytest.raises(ValidationError, match="Foto KTP"):
        services.application_create(programme=programme, business=business, user=pelaku, documents={})
    services.application_create(
        programme=programme, business=business, user=pelaku, documents={"Foto KTP pemilik": ktp()}
    )
    with pytest.raises(ValidationError, match="sudah mendaftar"):
        services.application_create(
            programme=programme, business=business, user=pelaku, documents={"Foto KTP pemilik": ktp()}
        )


@pytest.mark.django_db
def test_an_ineligible_business_cannot_apply(pelaku):
    programme = ProgrammeFactory(must_be_verified=True)
    with pytest.raises(ValidationError, match="terverifikasi"):
        services.application_create(
            programme=programme, business=pelaku.businesses.get(), user=pelaku, documents={"Foto KTP pemilik": ktp()}
        )


@pytest.mark.django_db
def test_each_step_updates_the_assistance_record(dinas):
    application = ApplicationFactory()
    services.application_select(application_id=application.pk, user=dinas)
    assert Assistance.objects.get(pk=application.assistance_id).status == "diverifikasi"

    application.refresh_from_db()
    services.handover_record(
        application=application,
        user=dinas,
        date=date(2026, 2, 1),
        item="Mesin jahit Butterfly",
        serial_number="BF-2026-0001",
        receipt=receipt(),
    )
    assistance = Assistance.objects.get(pk=application.assistance_id)
    assert assistance.status == "diserahkan"
    assert assistance.item == "Mesin jahit Butterfly, no. seri BF-2026-0001"
    application.refresh_from_db()
    assert application.status == "diserahkan"

    services.monitoring_record(
        application=application, user=dinas, date=date(2026, 5, 2), note="Dipakai tiap hari", in_use=True
    )
    assistance.refresh_from_db()
    assert assistance.status == "dimonitor"
    assert "Dipakai tiap hari" in assistance.note
    assert Application.objects.get(pk=application.pk).status == "dimonitor"


@pytest.mark.django_db
def test_a_handover_needs_a_serial_number_or_an_amount(dinas):
    application = ApplicationFactory()
    services.application_select(application_id=application.pk, user=dinas)
    application.refresh_from_db()
    with pytest.raises(ValidationError, match="nomor seri"):
        services.handover_record(
            application=application, user=dinas, date=date(2026, 2, 1), item="Modal usaha", receipt=receipt()
        )
    services.handover_record(
        application=application,
        user=dinas,
        date=date(2026, 2, 1),
        item="Modal usaha",
        amount=Decimal("5000000"),
        receipt=receipt(),
    )
    assert Assistance.objects.get(pk=application.assistance_id).value == Decimal("5000000")


@pytest.mark.django_db
def test_rejecting_needs_a_reason_and_removes_the_proposed_assistance(dinas):
    application = ApplicationFactory()
    assistance_id = application.assistance_id
    with pytest.raises(ValidationError):
        services.application_reject(application=application, user=dinas, reason="  ")
    services.application_reject(application=application, user=dinas, reason="Usaha belum berjalan setahun.")
    application.refresh_from_db()
    assert application.status == "ditolak"
    assert application.rejection_reason == "Usaha belum berjalan setahun."
    assert not Assistance.objects.filter(pk=assistance_id).exists()


@pytest.mark.django_db
def test_never_more_selected_than_the_quota(dinas):
    programme = ProgrammeFactory(quota=2)
    applications = ApplicationFactory.create_batch(3, programme=programme)
    services.application_select(application_id=applications[0].pk, user=dinas)
    services.application_select(application_id=applications[1].pk, user=dinas)
    with pytest.raises(ValidationError, match="Kuota program sudah penuh"):
        services.application_select(application_id=applications[2].pk, user=dinas)
    assert Application.objects.filter(programme=programme).selected().count() == 2
    # A rejection frees a place.
    services.application_reject(application=Application.objects.get(pk=applications[0].pk), user=dinas, reason="x")
    services.application_select(application_id=applications[2].pk, user=dinas)
    assert Application.objects.filter(programme=programme).selected().count() == 2


@pytest.mark.django_db
def test_second_staff_selecting_inside_the_first_ones_transaction_is_refused(dinas, monkeypatch):
    """A simulated race: while the first selection is still in its transaction, a second
    staff member selects another application of a programme with one place left."""
    programme = ProgrammeFactory(quota=1)
    first, second = ApplicationFactory.create_batch(2, programme=programme)
    other_staff = UserFactory(username="dinas2")
    outcome = {}
    original = services._set_assistance

    def interleave(application, **fields):
        original(application, **fields)
        if application.pk == first.pk:
            try:
                services.application_select(application_id=second.pk, user=other_staff)
                outcome["second"] = "selected"
            except ValidationError:
                outcome["second"] = "refused"

    monkeypatch.setattr(services, "_set_assistance", interleave)
    services.application_select(application_id=first.pk, user=dinas)
    assert outcome == {"second": "refused"}
    assert Application.objects.filter(programme=programme).selected().count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writes; needs row locks")
@pytest.mark.django_db(transaction=True)
def test_two_staff_selecting_at_once_never_exceed_the_quota(monkeypatch):
    ensure_reference_data()
    programme = ProgrammeFactory(quota=1)
    applications = ApplicationFactory.create_batch(2, programme=programme)
    staff = [UserFactory(username="dinas-a"), UserFactory(username="dinas-b")]
    barrier = threading.Barrier(2)
    original = services._set_assistance
    results = []

    def slow_set_assistance(application, **fields):
        # Hold the transaction open long enough for the other thread to reach its count.
        time.sleep(0.3)
        original(application, **fields)

    monkeypatch.setattr(services, "_set_assistance", slow_set_assistance)

    def select(application, user):
        try:
            barrier.wait()
            services.application_select(application_id=application.pk, user=user)
            results.append("selected")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=pair) for pair in zip(applications, staff, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == ["refused", "selected"]
    assert Application.objects.filter(programme=programme).selected().count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="FOR UPDATE exists on PostgreSQL only")
@pytest.mark.django_db
def test_selection_locks_the_programme_row(dinas, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    application = ApplicationFactory()
    with CaptureQueriesContext(connection) as queries:
        services.application_select(application_id=application.pk, user=dinas)
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert any('"aid_programme"' in sql for sql in locked)


@pytest.mark.django_db
def test_training_participants_come_from_selected_applications_up_to_capacity(dinas):
    programme = ProgrammeFactory(kind="pelatihan", quota=5)
    applications = ApplicationFactory.create_batch(4, programme=programme)
    for application in applications[:3]:
        services.application_select(application_id=application.pk, user=dinas)
    event = services.training_event_create(
        programme=programme, title="Pelatihan pewarnaan alami", date=date(2026, 3, 3), place="Aula", capacity=2
    )
    assert event.attendances.count() == 2
    event.capacity = 10
    event.save()
    assert services.training_event_add_participants(event=event) == 1
    first = event.attendances.first()
    services.attendance_record(event=event, present_ids=[first.pk])
    assert list(event.attendances.filter(present=True)) == [first]
