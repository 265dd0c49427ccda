"""Two staff (or two tabs) on the same aid record: the later save is refused, nothing of it saved."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aid import services
from tests.aid.factories import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

CONFLICT = "Data ini sudah diubah oleh"


@pytest.fixture
def staff_client(client, dinas):
    client.force_login(dinas)
    return client


def programme_data(programme, **changes):
    data = {
        "name": programme.name,
        "kind": programme.kind,
        "agency": programme.agency,
        "year": str(programme.year),
        "quota": str(programme.quota),
        "item": programme.item,
        "unit_value": "2.500.000",
        "opens_on": programme.opens_on.isoformat(),
        "closes_on": programme.closes_on.isoformat(),
        "documents": "Foto KTP pemilik",
    }
    return {**data, **changes}


def test_a_programme_edited_in_two_tabs_keeps_the_first_save(staff_client):
    programme = ProgrammeFactory(quota=2)
    address = reverse("aid:programme_edit", args=[programme.pk])
    page = staff_client.get(address)
    assert f'name="version" value="{page.context["form"]["version"].value()}"' in page.content.decode()
    first_tab = page.context["form"]["version"].value()
    second_tab = staff_client.get(address).context["form"]["version"].value()
    response = staff_client.post(address, programme_data(programme, quota="10", version=first_tab))
    assert response.status_code == 302
    response = staff_client.post(address, programme_data(programme, quota="3", version=second_tab))
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    programme.refresh_from_db()
    assert programme.quota == 10


@pytest.fixture
def training(dinas):
    programme = ProgrammeFactory(kind="pelatihan", quota=5)
    applications = [ApplicationFactory(programme=programme) for _ in range(2)]
    for application in applications:
        services.application_select(application_id=application.pk, user=dinas)
    return services.training_event_create(
        programme=programme, title="Sesi 1", date=date(2026, 3, 1), place="Aula", capacity=5
    )


def test_an_attendance_list_saved_from_a_stale_tab_is_refused(staff_client, training):
    address = reverse("aid:training_attendance", args=[training.pk])
    first_tab, second_tab = (
        re.search(r'name="parent_version" value="(\d+)"', staff_client.get(address).content.decode()).group(1)
        for _ in range(2)
    )
    everyone = list(training.attendances.values_list("pk", flat=True))
    staff_client.post(address, {"present": everyone, "parent_version": first_tab})
    response = staff_client.post(address, {"present": [], "parent_version": second_tab}, follow=True)
    assert CONFLICT in response.content.decode()
    assert training.attendances.filter(present=True).count() == 2


def test_a_handover_corrected_in_two_tabs_keeps_the_first_correction(staff_client, dinas):
    application = ApplicationFactory()
    services.application_select(application_id=application.pk, user=dinas)
    application.refresh_from_db()
    receipt = SimpleUploadedFile("bast.pdf", b"%PDF-1.4", content_type="application/pdf")
    services.handover_record(
        application=application,
        user=dinas,
        date=date(2026, 2, 1),
        item="Mesin jahit",
        serial_number="SN-0",
        receipt=receipt,
    )
    address = reverse("aid:handover", args=[application.pk])
    page = staff_client.get(address)
    assert f'name="version" value="{page.context["form"]["version"].value()}"' in page.content.decode()
    first_tab = page.context["form"]["version"].value()
    second_tab = staff_client.get(address).context["form"]["version"].value()
    data = {"date": "2026-02-01", "item": "Mesin jahit", "amount": ""}
    response = staff_client.post(address, {**data, "serial_number": "SN-1", "version": first_tab})
    assert response.status_code == 302
    response = staff_client.post(address, {**data, "serial_number": "SN-2", "version": second_tab})
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    application.handover.refresh_from_db()
    assert application.handover.serial_number == "SN-1"
