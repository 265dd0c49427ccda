"""A deletion request end to end: the owner asks, Dinas confirms and runs it in the admin,
no personal value is left in any table (history, logs and sessions included) nor any of
the person's files in storage, and the dashboard's figures are what they were."""

import pytest
from django.apps import apps
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db.models import FileField
from django.urls import reverse

from accounts.anonymisation import data_request_anonymise
from accounts.models import DataRequest, Notification
from aid.models import Application, ApplicationDocument, Handover, MonitoringVisit
from dashboard import figures
from dashboard.models import ExportLog
from dashboard.scope import Scope
from organizations.models import ImportPreview
from registry.models import Business
from tuban_ikm import personal

from .seed import markers, personal_world

pytestmark = pytest.mark.django_db


def no_link(**drill):
    return ""


def dashboard_figures():
    scope = Scope()
    return (
        figures.headline(scope, no_link),
        figures.by_kecamatan(scope, no_link),
        figures.by_commodity(scope, no_link),
    )


def database_text():
    """Every row of every table, history and admin log included, as one lower-cased text."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        if model is Session:
            chunks += [str(session.get_decoded()) for session in Session.objects.all()]
            continue
        chunks += [str(row) for row in model._default_manager.values()]
    return "\n".join(chunks).lower()


@pytest.fixture
def world(db):
    objects = personal_world()
    DataRequest.objects.all().delete()  # the owner asks below, through the page
    business = next(obj for obj in objects if isinstance(obj, Business))
    business.save()  # a history row holding every personal value
    return objects


def stored_markers(objects):
    """The markers of values as stored: a foreign key is stored as an id (the person's name
    is in the account's own fields) and a choice as its code (checked by hand below)."""
    found = markers(objects)
    skipped, stored = set(), {}
    for obj in objects:
        for name in personal.fields_of(obj):
            model_field = obj._meta.get_field(name)
            label = f"{obj._meta.label_lower}.{name}"
            if model_field.is_relation or model_field.choices:
                skipped.add(label)
            elif isinstance(model_field, FileField):
                # Pages show a file by its link; the database holds its stored name.
                skipped.add(label)
                if getattr(obj, name):
                    stored[getattr(obj, name).name.lower()] = label
    return {**{marker: field for marker, field in found.items() if field not in skipped}, **stored}


def test_owner_asks_dinas_runs_it_and_no_personal_value_remains(client, dinas, world):
    owner = world[0]
    business = Business.objects.get(owner=owner)
    about_owner = stored_markers([obj for obj in world if obj.__class__.__name__ != "Officer" and obj != world[1]])
    files = [
        ApplicationDocument.objects.get().file,
        Handover.objects.get().receipt,
        MonitoringVisit.objects.get().photo,
    ]
    ImportPreview.objects.create(
        user=dinas, kind="dinas", payload={"businesses": [[2, {"NIB": "", "Nama pemilik": "Siti Rahasia"}]]}
    )
    # Dinas once searched for the owner by name and exported; the owner got a notice.
    export = ExportLog.objects.create(
        user=dinas,
        dataset="businesses",
        file_format="csv",
        source="dasbor",
        filters={"q": "Siti Rahasia", "tahun": "2025"},
    )
    Notification.objects.create(recipient=owner, message="Profil Siti Rahasia sudah diverifikasi.")
    before = dashboard_figures()
    assert all(file.storage.exists(file.name) for file in files)
    assert all(marker in database_text() for marker in about_owner)

    client.force_login(owner)
    client.post(
        reverse("accounts:data_request"),
        {"kind": DataRequest.Kind.DELETION, "business": business.pk, "message": "Hapus data saya, Siti Rahasia"},
    )
    data_request = DataRequest.objects.get()

    client.force_login(dinas)
    changelist = reverse("admin:accounts_datarequest_changelist")
    confirm = client.post(changelist, {"action": "anonymise", ACTION_CHECKBOX_NAME: [data_request.pk]})
    assert confirm.status_code == 200 and "Ya, anonimkan" in confirm.content.decode()
    assert Business.objects.get(pk=business.pk).owner_name == "Siti Rahasia"  # nothing yet

    done = client.post(changelist, {"action": "anonymise", ACTION_CHECKBOX_NAME: [data_request.pk], "confirm": "yes"})
    assert done.status_code == 302

    data_request.refresh_from_db()
    assert (data_request.status, data_request.handled_by) == (DataRequest.Status.DONE, dinas)
    text = database_text()
    assert [(marker, field) for marker, field in about_owner.items() if marker in text] == []
    business.refresh_from_db()
    assert (business.owner_gender, business.owner_id, business.latitude) == ("", None, None)
    assert not any(file.storage.exists(file.name) for file in files)
    assert not ApplicationDocument.objects.exists() and not ImportPreview.objects.exists()
    owner.refresh_from_db()
    assert not owner.is_active and not owner.has_usable_password()
    export.refresh_from_db()
    assert export.filters["tahun"] == "2025"  # the log of who exported what stays
    assert not Notification.objects.filter(recipient=owner).exists()
    # What the figures are made of stays.
    assert dashboard_figures() == before
    assert business.products.count() == 1 and Application.objects.get().business == business
    assert (business.workers_male, business.workers_female, business.desa.code) == (1, 3, "35.23.08.2008")


def test_a_handled_or_correction_request_is_refused(dinas, world):
    owner = world[0]
    correction = DataRequest.objects.create(user=owner, kind=DataRequest.Kind.CORRECTION, message="Nama salah")
    with pytest.raises(ValidationError):
        data_request_anonymise(data_request=correction, by=dinas)
    deletion = DataRequest.objects.create(user=owner, kind=DataRequest.Kind.DELETION, message="Hapus")
    data_request_anonymise(data_request=deletion, by=dinas)
    with pytest.raises(ValidationError):
        data_request_anonymise(data_request=deletion, by=dinas)
    assert Business.objects.get(pk=Business.objects.filter(name="Batik Uji Privasi").get().pk).owner_name == "[dihapus]"


def test_pimpinan_cannot_run_it(client, pimpinan, world):
    data_request = DataRequest.objects.create(user=world[0], kind=DataRequest.Kind.DELETION, message="Hapus")
    client.force_login(pimpinan)
    response = client.post(
        reverse("admin:accounts_datarequest_changelist"),
        {"action": "anonymise", ACTION_CHECKBOX_NAME: [data_request.pk], "confirm": "yes"},
    )
    assert response.status_code == 403
    data_request.refresh_from_db()
    assert data_request.status == DataRequest.Status.NEW
