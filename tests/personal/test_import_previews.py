"""Uploaded sheets wait server-side for at most an hour; the session holds only an id."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organizations.models import ImportPreview
from registry.models import Business
from tests.organizations.test_import import row, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, pengurus):
    client.force_login(pengurus)
    return client


def session_text():
    return " ".join(str(session.get_decoded()) for session in Session.objects.all())


def test_the_preview_is_kept_in_its_own_row_and_the_session_holds_only_its_id(officer_client, pengurus):
    upload(officer_client, workbook([row(**{"Nama pemilik": "Siti Rahasia", "Telepon/WA": "081299990021"})]))
    preview = ImportPreview.objects.get()
    assert preview.user == pengurus and "Siti Rahasia" in str(preview.payload)
    assert officer_client.session["registry_import_asosiasi"] == preview.pk
    assert "Siti Rahasia" not in session_text() and "81299990021" not in session_text()


def test_applying_deletes_the_preview(officer_client):
    upload(officer_client, workbook([row()]))
    officer_client.post(reverse("organizations:import_confirm"))
    assert Business.objects.filter(nib="1234567890123").exists()
    assert not ImportPreview.objects.exists()


def test_a_new_upload_replaces_the_abandoned_one(officer_client):
    upload(officer_client, workbook([row(**{"Nama pemilik": "Siti Rahasia"})]))
    upload(officer_client, workbook([row()]))
    assert ImportPreview.objects.count() == 1
    assert "Siti Rahasia" not in str(ImportPreview.objects.get().payload)


def test_an_expired_preview_is_refused_and_purged_by_the_command(officer_client, settings):
    settings.IMPORT_PREVIEW_MINUTES = 60
    upload(officer_client, workbook([row()]))
    ImportPreview.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    response = officer_client.post(reverse("organizations:import_confirm"), follow=True)
    assert "kedaluwarsa" in response.content.decode()
    assert not Business.objects.filter(nib="1234567890123").exists()
    call_command("purge_import_previews")
    call_command("purge_import_previews")
    assert not ImportPreview.objects.exists()


def test_a_preview_cannot_be_confirmed_by_another_user(client, officer_client, pengurus):
    from tests.factories import OfficerFactory, UserFactory
    from tuban_ikm import roles

    upload(officer_client, workbook([row()]))
    other = OfficerFactory(
        association=pengurus.officer_roles.get().association,
        user=UserFactory(username="pengurus2", groups=[roles.PENGURUS_ASOSIASI]),
    ).user
    other_client = type(client)()
    other_client.force_login(other)
    session = other_client.session
    session["registry_import_asosiasi"] = ImportPreview.objects.get().pk
    session.save()
    other_client.post(reverse("organizations:import_confirm"))
    assert not Business.objects.filter(nib="1234567890123").exists()
    assert ImportPreview.objects.count() == 1
