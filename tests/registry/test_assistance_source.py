"""Aid records are written by the aid process and Dinas, not by owners (issue 12): an owner
reports aid from elsewhere as "dilaporkan pemilik" and cannot change or delete rows that a
programme or Dinas wrote, whatever the POST says."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import Assistance
from tests.factories import AssistanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def owner_client(client, pelaku):
    client.force_login(pelaku)
    return client


@pytest.fixture
def programme_row(business):
    return AssistanceFactory(
        business=business,
        programme="Bantuan Mesin Jahit 2025",
        source=Assistance.Source.PROGRAMME,
        status=Assistance.Status.VERIFIED,
        value=Decimal("2500000"),
    )


def forged_row(row, **changes):
    data = {
        "id": str(row.pk),
        "programme": row.programme,
        "agency": row.agency,
        "year": str(row.year),
        "kind": row.kind,
        "item": row.item,
        "value": "999.000.000",
        "status": "dimonitor",
        **changes,
    }
    return {f"assistance-0-{key}": value for key, value in data.items()}


def post(client, business, data, total=1, initial=1):
    return client.post(
        reverse("owner:assistance", args=[business.pk]),
        {"assistance-TOTAL_FORMS": str(total), "assistance-INITIAL_FORMS": str(initial), **data},
    )


def test_owner_cannot_raise_the_value_or_status_of_a_programme_row(owner_client, business, programme_row):
    response = post(owner_client, business, forged_row(programme_row))
    assert response.status_code == 200  # refused with an error, nothing saved
    assert "tidak dapat Anda ubah atau hapus" in response.content.decode()
    programme_row.refresh_from_db()
    assert (programme_row.status, programme_row.value) == ("diverifikasi", Decimal("2500000"))


def test_owner_cannot_delete_a_programme_or_dinas_row(owner_client, business, programme_row):
    dinas_row = AssistanceFactory(business=business, source=Assistance.Source.DINAS, programme="Pelatihan Dinas")
    for row in (programme_row, dinas_row):
        response = post(owner_client, business, forged_row(row, DELETE="on"))
        assert response.context["formset"].non_form_errors()
    assert Assistance.objects.filter(pk__in=[programme_row.pk, dinas_row.pk]).count() == 2


def test_a_forged_id_in_a_new_row_does_not_reach_a_programme_row(owner_client, business, programme_row):
    post(owner_client, business, forged_row(programme_row, programme="Diubah"), initial=0)
    programme_row.refresh_from_db()
    assert programme_row.programme == "Bantuan Mesin Jahit 2025"


def test_the_page_lists_programme_rows_read_only_and_offers_no_form_for_them(owner_client, business, programme_row):
    response = owner_client.get(reverse("owner:assistance", args=[business.pk]))
    html = response.content.decode()
    assert "Bantuan tercatat dari program dan Dinas" in html and "Bantuan Mesin Jahit 2025" in html
    assert "Program bantuan" in html  # where it comes from
    formset = response.context["formset"]
    assert [form.instance.pk for form in formset.forms if form.instance.pk] == []
    assert "status" not in formset.forms[0].fields


def test_owner_reports_aid_from_elsewhere_and_may_correct_it_but_not_set_its_status(owner_client, business):
    new = {
        "assistance-0-programme": "Pelatihan Bank Jatim",
        "assistance-0-agency": "Bank Jatim",
        "assistance-0-year": "2024",
        "assistance-0-kind": "pelatihan",
        "assistance-0-item": "Pelatihan pembukuan",
        "assistance-0-value": "1.000.000",
        "assistance-0-status": "dimonitor",
        "assistance-0-source": "program",
    }
    assert post(owner_client, business, new, initial=0).status_code == 302
    row = Assistance.objects.get(business=business)
    assert (row.source, row.status) == ("pemilik", "diusulkan")
    post(owner_client, business, forged_row(row, value="1.500.000", source="dinas"))
    row.refresh_from_db()
    assert (row.value, row.source, row.status) == (Decimal("1500000"), "pemilik", "diusulkan")


def test_owner_may_delete_their_own_report(owner_client, business):
    row = AssistanceFactory(business=business, source=Assistance.Source.OWNER)
    post(owner_client, business, forged_row(row, DELETE="on"))
    assert not Assistance.objects.filter(pk=row.pk).exists()


def test_the_migration_marks_existing_rows_by_who_wrote_them(pelaku, dinas, business):
    import importlib

    from django.apps import apps

    from tests.aid.factories import ApplicationFactory

    migration = importlib.import_module("registry.migrations.0008_assistance_source")
    from_programme = ApplicationFactory(business=business).assistance
    by_owner = AssistanceFactory(business=business, programme="Dicatat pemilik")
    by_owner.history.update(history_user=pelaku)
    by_dinas = AssistanceFactory(business=business, programme="Dicatat Dinas")
    by_dinas.history.update(history_user=dinas)
    seeded = AssistanceFactory(business=business, programme="Impor Dinas")  # no history user
    Assistance.objects.update(source=Assistance.Source.DINAS)  # as the new column starts

    migration.mark_sources(apps, None)

    sources = dict(Assistance.objects.values_list("pk", "source"))
    assert sources == {from_programme.pk: "program", by_owner.pk: "pemilik", by_dinas.pk: "dinas", seeded.pk: "dinas"}
