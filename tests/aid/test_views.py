"""Pages of the aid app: who may open what, the owner's apply flow, the staff review list."""

import io
from datetime import date

import pytest
from django.urls import reverse

from aid import services
from aid.models import Application, Programme
from registry.models import Assistance
from tests import uploads
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.factories import AssistanceFactory, BusinessFactory, NeedFactory, ProductFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Bantuan Mesin Jahit 2026", quota=1)


@pytest.fixture
def own_application(pelaku, programme):
    return ApplicationFactory(programme=programme, business=pelaku.businesses.get())


STAFF_PAGES = [
    ("aid:programme_list", lambda p, a: {}),
    ("aid:programme_create", lambda p, a: {}),
    ("aid:programme_review", lambda p, a: {"pk": p.pk}),
    ("aid:programme_edit", lambda p, a: {"pk": p.pk}),
    ("aid:application_detail", lambda p, a: {"pk": a.pk}),
    ("aid:training_create", lambda p, a: {"programme_pk": p.pk}),
]


@pytest.mark.parametrize(("name", "kwargs"), STAFF_PAGES)
@pytest.mark.parametrize(("role", "status"), [("dinas", 200), ("pengurus", 403), ("pelaku", 403), ("pimpinan", 403)])
def test_staff_pages_by_role(request, client, programme, own_application, name, kwargs, role, status):
    login(client, request.getfixturevalue(role))
    assert client.get(reverse(name, kwargs=kwargs(programme, own_application))).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, programme):
    response = client.get(reverse("aid:programme_review", args=[programme.pk]))
    assert response.status_code == 302 and "/akun/" in response.url


def test_officers_cannot_select(client, pengurus, own_application):
    login(client, pengurus)
    response = client.post(reverse("aid:application_select", args=[own_application.pk]))
    assert response.status_code == 403
    own_application.refresh_from_db()
    assert own_application.status == "diajukan"


def test_owners_cannot_select_their_own_application(client, pelaku, own_application):
    login(client, pelaku)
    assert client.post(reverse("aid:application_select", args=[own_application.pk])).status_code == 403


def test_owner_sees_only_their_own_applications(client, pelaku, other_pelaku, own_application):
    login(client, pelaku)
    assert client.get(reverse("aid:owner_application", args=[own_application.pk])).status_code == 200
    login(client, other_pelaku)
    assert client.get(reverse("aid:owner_application", args=[own_application.pk])).status_code == 404
    # Nor another owner's business, documents or programme page.
    business = pelaku.businesses.get()
    assert client.get(reverse("aid:owner_programmes", args=[business.pk])).status_code == 404
    document = own_application.documents.create(name="KTP", file=uploads.pdf("ktp.pdf"))
    assert client.get(reverse("aid:file", args=["dokumen", document.pk])).status_code == 404
    login(client, pelaku)
    assert client.get(reverse("aid:file", args=["dokumen", document.pk])).status_code == 200


def test_owner_sees_eligible_programmes_and_the_reason_for_the_others(client, pelaku):
    ProgrammeFactory(name="Pelatihan Batik Terbuka")
    ProgrammeFactory(name="Khusus Terverifikasi", must_be_verified=True)
    login(client, pelaku)
    business = pelaku.businesses.get()
    html = client.get(reverse("aid:owner_programmes", args=[business.pk])).content.decode()
    assert "Pelatihan Batik Terbuka" in html
    assert "Khusus Terverifikasi" in html
    assert "Profil usaha harus sudah terverifikasi Dinas." in html
    overview = client.get(reverse("owner:business_overview", args=[business.pk])).content.decode()
    summary_url = reverse("aid:owner_summary", args=[business.pk])
    assert summary_url in overview
    summary = client.get(summary_url).content.decode()
    assert "Ada 1 program yang dapat Anda ikuti sekarang." in summary


def test_owner_applies_with_the_requested_document(client, pelaku, programme):
    business = pelaku.businesses.get()
    login(client, pelaku)
    url = reverse("aid:owner_apply", args=[business.pk, programme.pk])
    assert "Foto KTP pemilik" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 200 and not Application.objects.exists()
    upload = uploads.jpeg("ktp.jpg")
    response = client.post(url, {"confirm": "on", "doc_0": upload})
    application = Application.objects.get()
    assert response.url == reverse("aid:owner_application", args=[application.pk])
    assert application.applicant == pelaku
    assert application.assistance.status == "diusulkan"
    # A second visit goes to the existing application.
    assert client.get(url).url == response.url


def test_staff_select_reject_and_handover_through_the_pages(client, dinas, programme):
    first, second = ApplicationFactory.create_batch(2, programme=programme)
    login(client, dinas)
    client.post(reverse("aid:application_select", args=[first.pk]))
    response = client.post(reverse("aid:application_select", args=[second.pk]), follow=True)
    assert "Kuota program sudah penuh" in response.content.decode()
    client.post(reverse("aid:application_reject", args=[second.pk]), {"reason": "Kuota penuh, urutan ke-2."})
    second.refresh_from_db()
    assert second.status == "ditolak"
    receipt = uploads.pdf("bast.pdf")
    response = client.post(
        reverse("aid:handover", args=[first.pk]),
        {"date": "2026-02-01", "item": "Mesin jahit", "serial_number": "SN-1", "amount": "", "receipt": receipt},
    )
    assert response.status_code == 302
    assert Assistance.objects.get(pk=first.assistance_id).status == "diserahkan"
    response = client.post(
        reverse("aid:monitoring", args=[first.pk]), {"date": "2026-04-01", "in_use": "0", "note": "Rusak"}
    )
    assert response.status_code == 302
    assert Assistance.objects.get(pk=first.assistance_id).status == "dimonitor"


def test_review_list_warns_when_the_same_kind_was_received_before(client, dinas, programme):
    repeat = ApplicationFactory(programme=programme, business=BusinessFactory(name="Penerima Lama"))
    AssistanceFactory(business=repeat.business, kind="alat", programme="Bantuan Alat IKM 2023", year=2023)
    fresh = ApplicationFactory(programme=programme, business=BusinessFactory(name="Penerima Baru"))
    AssistanceFactory(business=fresh.business, kind="pelatihan", programme="Pelatihan Batik 2024", year=2024)
    login(client, dinas)
    response = client.get(reverse("aid:programme_review", args=[programme.pk]))
    rows = {row.business.name: row for row in response.context["rows"]}
    assert [a.programme for a in rows["Penerima Lama"].repeated_kind] == ["Bantuan Alat IKM 2023"]
    assert rows["Penerima Baru"].repeated_kind == []
    assert rows["Penerima Lama"].size == "Industri Kecil"
    # The application's own proposed assistance is not "earlier aid".
    assert [a.programme for a in rows["Penerima Baru"].earlier_aid] == ["Pelatihan Batik 2024"]
    html = response.content.decode()
    assert html.count("Pernah menerima Bantuan alat sebelumnya.") == 1


def _applicants(programme, n):
    for _ in range(n):
        application = ApplicationFactory(programme=programme)
        NeedFactory(business=application.business, kind="alat")
        ProductFactory(business=application.business)
        AssistanceFactory(business=application.business)


@pytest.mark.parametrize("n", [2, 12])
def test_review_list_queries_do_not_grow_with_applicants(client, dinas, programme, n, django_assert_max_num_queries):
    _applicants(programme, n)
    login(client, dinas)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("aid:programme_review", args=[programme.pk]))
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [2, 12])
def test_programme_lists_queries_do_not_grow(client, dinas, pelaku, n, django_assert_max_num_queries):
    ProgrammeFactory.create_batch(n)
    business = pelaku.businesses.get()
    for programme in ProgrammeFactory._meta.model.objects.all()[:3]:
        ApplicationFactory(programme=programme, business=business)
    login(client, dinas)
    # +1: the footer's contact details or the inbox count (base.html).
    with django_assert_max_num_queries(9):
        assert client.get(reverse("aid:programme_list")).status_code == 200
    login(client, pelaku)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("aid:owner_programmes", args=[business.pk])).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_overview_summary_queries_do_not_grow(client, dinas, pelaku, n, django_assert_max_num_queries):
    ProgrammeFactory.create_batch(n, must_be_member=True)
    business = pelaku.businesses.get()
    for programme in Programme.objects.all()[:2]:
        ApplicationFactory(programme=programme, business=business)
    services.announcement_send(sender=dinas, title="Info", body="Isi")
    client.force_login(pelaku)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("aid:owner_summary", args=[business.pk])).status_code == 200


def test_another_owner_gets_404_for_the_summary(client, pelaku, other_pelaku):
    client.force_login(other_pelaku)
    assert client.get(reverse("aid:owner_summary", args=[pelaku.businesses.get().pk])).status_code == 404


def test_attendance_on_a_phone_and_the_export_escapes_formulas(client, dinas):
    import openpyxl

    programme = ProgrammeFactory(kind="pelatihan", quota=3)
    evil = ApplicationFactory(programme=programme, business=BusinessFactory(name="=HYPERLINK(1)"))
    plain = ApplicationFactory(programme=programme, business=BusinessFactory(name="Batik Lestari"))
    for application in (evil, plain):
        services.application_select(application_id=application.pk, user=dinas)
    event = services.training_event_create(
        programme=programme, title="Pelatihan", date=date(2026, 3, 1), place="Aula", capacity=5
    )
    login(client, dinas)
    page = client.get(reverse("aid:training_attendance", args=[event.pk])).content.decode()
    assert 'type="checkbox" name="present"' in page
    present = event.attendances.get(application=plain)
    client.post(reverse("aid:training_attendance", args=[event.pk]), {"present": [present.pk]})
    present.refresh_from_db()
    assert present.present
    response = client.get(reverse("aid:training_export", args=[event.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[1]: row[6] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert names == {"'=HYPERLINK(1)": "Tidak", "Batik Lestari": "Ya"}


def test_staff_create_a_programme_with_indonesian_numbers(client, dinas):
    login(client, dinas)
    response = client.post(
        reverse("aid:programme_create"),
        {
            "name": "Gerobak UMKM",
            "kind": "alat",
            "agency": "Disnakerin",
            "year": "2026",
            "quota": "200",
            "item": "Gerobak",
            "unit_value": "Rp 1.500.000",
            "opens_on": "2026-01-01",
            "closes_on": "2026-01-31",
            "documents": "Foto KTP\nFoto tempat usaha",
            "size_classes": ["kecil"],
            "kbli_codes": "1313, 10792",
            "must_be_verified": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    programme = ProgrammeFactory._meta.model.objects.get(name="Gerobak UMKM")
    assert programme.unit_value == 1500000
    assert programme.documents == ["Foto KTP", "Foto tempat usaha"]
    assert programme.kbli_codes == ["1313", "10792"]
