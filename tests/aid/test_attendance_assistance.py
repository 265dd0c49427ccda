"""Training attendance reaches each participant's Assistance record (the dashboard counts it)."""

from datetime import date

import pytest
from django.urls import reverse

from aid import services
from registry.models import Assistance
from tests.aid.factories import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def training(dinas):
    programme = ProgrammeFactory(kind="pelatihan", quota=5)
    applications = [ApplicationFactory(programme=programme) for _ in range(3)]
    for application in applications[:2]:
        services.application_select(application_id=application.pk, user=dinas)
    events = [
        services.training_event_create(
            programme=programme, title=f"Sesi {n}", date=date(2026, 3, n), place="Aula", capacity=5
        )
        for n in (1, 2)
    ]
    return applications, events


def present(event, *applications):
    return [a.pk for a in event.attendances.filter(application__in=applications)]


def record(application):
    return Assistance.objects.get(pk=application.assistance_id)


def test_attending_a_session_marks_the_training_received_with_the_count(training):
    (first, second, not_selected), (day_one, day_two) = training
    services.attendance_record(event=day_one, present_ids=present(day_one, first))
    assert (record(first).status, record(first).note) == ("diserahkan", "Hadir 1 dari 2 sesi pelatihan.")
    assert (record(second).status, record(second).note) == ("diverifikasi", "Hadir 0 dari 2 sesi pelatihan.")
    assert record(not_selected).status == "diusulkan"  # not a participant: untouched
    services.attendance_record(event=day_two, present_ids=present(day_two, first, second))
    assert record(first).note == "Hadir 2 dari 2 sesi pelatihan."
    assert record(second).status == "diserahkan"
    assert Assistance.objects.count() == 3  # updated in place, never duplicated


def test_a_corrected_list_sets_an_absent_participant_back(training):
    (first, _second, _), (day_one, _day_two) = training
    services.attendance_record(event=day_one, present_ids=present(day_one, first))
    services.attendance_record(event=day_one, present_ids=[])
    assert (record(first).status, record(first).note) == ("diverifikasi", "Hadir 0 dari 2 sesi pelatihan.")


def test_a_monitored_record_keeps_its_status(training):
    (first, _second, _), (day_one, _day_two) = training
    Assistance.objects.filter(pk=first.assistance_id).update(status="dimonitor")
    services.attendance_record(event=day_one, present_ids=[])
    assert record(first).status == "dimonitor"


def test_the_attendance_page_saves_through_the_service(client, dinas, training):
    (first, _second, _), (day_one, _day_two) = training
    client.force_login(dinas)
    client.post(reverse("aid:training_attendance", args=[day_one.pk]), {"present": present(day_one, first)})
    assert record(first).status == "diserahkan"
