"""Aid uploads (ID cards, signed receipts, monitoring photos) are private: stored outside the
public media under random names, downloaded only by the applicant and aid staff, checked by
content on upload, and removed with their rows."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from aid import services
from aid.models import ApplicationDocument, Handover, MonitoringVisit
from tests import uploads
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

private = storages["private"]
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def file_url(kind, pk):
    return reverse("aid:file", args=[kind, pk])


@pytest.fixture
def application(pelaku, dinas):
    """A monitored application of pelaku's business with one of each kind of file."""
    application = ApplicationFactory(programme=ProgrammeFactory(quota=5), business=pelaku.businesses.get())
    ApplicationDocument.objects.create(application=application, name="Foto KTP", file=uploads.jpeg("KTP Budi.jpg"))
    services.application_select(application_id=application.pk, user=dinas)
    application.refresh_from_db()
    services.handover_record(
        application=application,
        user=dinas,
        date=date(2026, 2, 1),
        item="Mesin jahit",
        serial_number="SN-1",
        receipt=uploads.pdf("BAST Budi.pdf"),
    )
    application.refresh_from_db()
    services.monitoring_record(
        application=application,
        user=dinas,
        date=date(2026, 4, 1),
        note="Dipakai tiap hari",
        in_use=True,
        photo=uploads.png("kunjungan.png"),
    )
    return application


def files_of(application):
    document = application.documents.get()
    handover = Handover.objects.get(application=application)
    visit = application.visits.get()
    return [
        ("dokumen", document.pk, document.file.name, "KTP Budi.jpg", "image/jpeg"),
        ("tanda-terima", handover.pk, handover.receipt.name, "BAST Budi.pdf", "application/pdf"),
        ("foto", visit.pk, visit.photo.name, "kunjungan.png", "image/png"),
    ]


def test_files_are_stored_privately_under_random_names(application):
    for _kind, _pk, name, original, _type in files_of(application):
        assert private.exists(name) and not default_storage.exists(name)
        assert name.startswith("bantuan/") and original.split(".")[0] not in name
        assert len(name.split("/")[-1].split(".")[0]) == 32  # a uuid4, not guessable
    assert application.documents.get().original_name == "KTP Budi.jpg"


@pytest.mark.parametrize("role", ["pelaku", "dinas"])
def test_applicant_and_aid_staff_download_each_file_as_an_attachment(request, client, application, role):
    client.force_login(request.getfixturevalue(role))
    for kind, pk, name, original, content_type in files_of(application):
        with private.open(name, "rb") as stored:
            content = stored.read()
        response = client.get(file_url(kind, pk))
        assert response.status_code == 200, kind
        assert response["Content-Disposition"].startswith("attachment;")
        assert original in response["Content-Disposition"]
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == content and content


@pytest.mark.parametrize(("role", "status"), [("other_pelaku", 404), ("pengurus", 404), ("pimpinan", 403)])
def test_everybody_else_is_refused(request, client, application, role, status):
    client.force_login(request.getfixturevalue(role))
    for kind, pk, *_rest in files_of(application):
        assert client.get(file_url(kind, pk)).status_code == status, kind


def test_staff_with_aid_rights_but_without_personal_data_permission_get_403(client, application):
    clerk = UserFactory(username="juru", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["change_application", "view_application"]))
    client.force_login(clerk)
    for kind, pk, *_rest in files_of(application):
        assert client.get(file_url(kind, pk)).status_code == 403, kind


def test_anonymous_visitors_are_sent_to_log_in_and_unknown_kinds_do_not_exist(client, pelaku, application):
    for kind, pk, *_rest in files_of(application):
        response = client.get(file_url(kind, pk))
        assert response.status_code == 302 and "/akun/" in response.url
    client.force_login(pelaku)
    assert client.get(reverse("aid:file", args=["lainnya", 1])).status_code == 404


@override_settings(DEBUG=False)
def test_no_public_url_reaches_an_aid_document(client, application):
    document = application.documents.get()
    # The old guessable path, with a copy planted where public media used to be.
    old = f"bantuan/pengajuan/{application.pk}/KTP Budi.jpg"
    default_storage.save(old, ContentFile(b"copy"))
    for url in [f"/media/{old}", f"/media/{document.file.name}", "/media/", "/media/bantuan/"]:
        assert client.get(url).status_code == 404, url
    default_storage.delete(old)


def test_pages_and_admin_link_to_the_checked_view(client, dinas, pelaku, application):
    document = application.documents.get()
    client.force_login(pelaku)
    page = client.get(reverse("aid:owner_application", args=[application.pk])).content.decode()
    assert file_url("dokumen", document.pk) in page and document.file.name not in page
    client.force_login(dinas)
    admin_page = client.get(reverse("admin:aid_application_change", args=[application.pk])).content.decode()
    assert (
        file_url("dokumen", document.pk) in admin_page and file_url("foto", application.visits.get().pk) in admin_page
    )
    handover = Handover.objects.get(application=application)
    handover_page = client.get(reverse("admin:aid_handover_change", args=[handover.pk])).content.decode()
    assert file_url("tanda-terima", handover.pk) in handover_page


def test_admin_hides_the_link_from_staff_who_may_not_open_the_file(client, application):
    clerk = UserFactory(username="juru", is_staff=True)
    clerk.user_permissions.set(Permission.objects.filter(codename__in=["change_application", "view_application"]))
    client.force_login(clerk)
    page = client.get(reverse("admin:aid_application_change", args=[application.pk])).content.decode()
    assert reverse("aid:file", args=["dokumen", application.documents.get().pk]) not in page
    assert application.documents.get().file.name not in page


# --- Content checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (uploads.pdf("ktp.pdf", content=HTML), "Isi berkas ini bukan PDF yang sah"),
        (uploads.pdf("ktp.pdf", content=EXE), "Isi berkas ini bukan PDF yang sah"),
        (uploads.pdf("ktp.jpg", content=uploads.PDF), "Isi berkas ini bukan JPG yang sah"),
        (uploads.pdf("ktp.png", content=uploads.image_bytes("JPEG")[:40]), "Isi berkas ini bukan PNG yang sah"),
        (uploads.pdf("ktp.exe", content=EXE), "Jenis berkas tidak didukung"),
        (uploads.pdf("bom.png", content=uploads.image_bytes("PNG", size=(8000, 8000), mode="1")), "bukan PNG yang sah"),
    ],
)
def test_an_upload_is_checked_by_its_content_not_its_name(client, pelaku, upload, message):
    programme = ProgrammeFactory()
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    response = client.post(
        reverse("aid:owner_apply", args=[business.pk, programme.pk]), {"confirm": "on", "doc_0": upload}
    )
    assert response.status_code == 200
    assert not business.aid_applications.exists()
    field_errors = response.context["form"].errors["doc_0"]
    assert any(message in error for error in field_errors), field_errors
    assert message in response.content.decode()


def test_staff_forms_refuse_a_fake_receipt_or_photo_next_to_the_field(client, dinas):
    application = ApplicationFactory(programme=ProgrammeFactory())
    application = services.application_select(application_id=application.pk, user=dinas)
    client.force_login(dinas)
    response = client.post(
        reverse("aid:handover", args=[application.pk]),
        {"date": "2026-02-01", "item": "Mesin jahit", "serial_number": "SN-1", "receipt": uploads.pdf(content=HTML)},
    )
    assert response.status_code == 200 and not Handover.objects.exists()
    assert "Isi berkas ini bukan PDF yang sah" in str(response.context["form"].errors["receipt"])
    services.handover_record(
        application=application,
        user=dinas,
        date=date(2026, 2, 1),
        item="Mesin",
        serial_number="SN-1",
        receipt=uploads.pdf(),
    )
    response = client.post(
        reverse("aid:monitoring", args=[application.pk]),
        {"date": "2026-04-01", "in_use": "1", "note": "Baik", "photo": uploads.pdf("foto.jpg", content=HTML)},
    )
    assert response.status_code == 200 and not MonitoringVisit.objects.exists()
    assert response.context["form"].errors["photo"]


# --- Files follow their rows ---------------------------------------------------------------


def test_deleting_an_application_removes_its_files_after_the_commit(application, django_capture_on_commit_callbacks):
    names = [name for _kind, _pk, name, *_rest in files_of(application)]
    with django_capture_on_commit_callbacks(execute=True):
        application.delete()
        assert all(private.exists(name) for name in names)  # not before the commit
    assert not any(private.exists(name) for name in names)


def test_deleting_the_business_removes_its_aid_files(application, django_capture_on_commit_callbacks):
    names = [name for _kind, _pk, name, *_rest in files_of(application)]
    with django_capture_on_commit_callbacks(execute=True):
        application.business.delete()
    assert not any(private.exists(name) for name in names)


def test_a_rolled_back_delete_keeps_the_files(application, django_capture_on_commit_callbacks):
    names = [name for _kind, _pk, name, *_rest in files_of(application)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                application.delete()
                raise RuntimeError
        except RuntimeError:
            pass
    assert not callbacks
    assert all(private.exists(name) for name in names)


def test_replacing_the_receipt_removes_the_old_file(application, dinas, django_capture_on_commit_callbacks):
    handover = Handover.objects.get(application=application)
    old = handover.receipt.name
    with django_capture_on_commit_callbacks(execute=True):
        services.handover_record(
            application=application,
            user=dinas,
            date=handover.date,
            item=handover.item,
            serial_number="SN-2",
            receipt=uploads.pdf("BAST baru.pdf"),
        )
    handover.refresh_from_db()
    assert not private.exists(old)
    assert private.exists(handover.receipt.name) and handover.receipt_name == "BAST baru.pdf"
    # Correcting the handover without a new receipt keeps the file.
    with django_capture_on_commit_callbacks(execute=True):
        services.handover_record(
            application=application, user=dinas, date=handover.date, item=handover.item, serial_number="SN-3"
        )
    assert private.exists(handover.receipt.name)


# --- The data migration -----------------------------------------------------------------------


def test_the_migration_moves_old_public_files_into_the_private_storage(application, django_capture_on_commit_callbacks):
    migration = importlib.import_module("aid.migrations.0003_move_files_to_private_storage")
    document = application.documents.get()
    old = f"bantuan/pengajuan/{application.pk}/KTP Budi Santoso.jpg"
    default_storage.save(old, ContentFile(uploads.image_bytes("JPEG")))
    ApplicationDocument.objects.filter(pk=document.pk).update(file=old, original_name="")
    lost = f"bantuan/pengajuan/{application.pk}/hilang.pdf"
    Handover.objects.filter(application=application).update(receipt=lost)

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_files(apps, None)
        migration.move_files(apps, None)  # a second run finds nothing left to move

    document.refresh_from_db()
    assert document.file.name.startswith("bantuan/") and not document.file.name.startswith("bantuan/pengajuan/")
    assert document.original_name == "KTP Budi Santoso.jpg"
    assert private.exists(document.file.name) and not default_storage.exists(old)
    # A file missing from the old place is left as it was.
    assert Handover.objects.get(application=application).receipt.name == lost


def test_the_migration_does_nothing_on_an_empty_database():
    migration = importlib.import_module("aid.migrations.0003_move_files_to_private_storage")
    migration.move_files(apps, None)
    assert not ApplicationDocument.objects.exists()


def test_a_private_root_inside_the_public_media_root_is_refused_at_startup(settings, tmp_path):
    from tuban_ikm.files import check_private_media_root

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert check_private_media_root() == []
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    assert [error.id for error in check_private_media_root()] == ["tuban_ikm.E001"]


def test_a_download_takes_a_fixed_handful_of_queries(client, dinas, application, django_assert_max_num_queries):
    client.force_login(dinas)
    document = application.documents.get()
    with django_assert_max_num_queries(6):
        assert client.get(file_url("dokumen", document.pk)).status_code == 200
