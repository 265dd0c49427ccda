"""The personal-data access log: written only when personal data was shown, read only in
the admin for those who may see personal data, purged after PERSONAL_DATA_LOG_DAYS."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dashboard.models import PersonalDataAccess
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(db):
    return BusinessFactory(owner_name="Siti Rahasia")


def pages(business):
    return {
        "admin": reverse("admin:registry_business_change", args=[business.pk]),
        "cetak": reverse("dashboard:business_print", args=[business.pk]),
        "verifikasi": reverse("dinas:review_detail", args=[business.pk]),
    }


def test_dinas_opening_a_business_is_logged_with_who_where_and_whose(client, dinas, business):
    client.force_login(dinas)
    for source, url in pages(business).items():
        assert client.get(url).status_code == 200
        log = PersonalDataAccess.objects.latest("pk")
        assert (log.user, log.action, log.source, log.business_id, log.path) == (
            dinas,
            "lihat",
            source,
            business.pk,
            url,
        )
    assert PersonalDataAccess.objects.count() == 3


def test_pimpinan_is_shown_no_personal_data_so_nothing_is_logged(client, pimpinan, business):
    client.force_login(pimpinan)
    assert client.get(pages(business)["admin"]).status_code == 200
    assert client.get(pages(business)["cetak"]).status_code == 200
    client.get(reverse("dashboard:export", args=["businesses", "csv"]))
    assert not PersonalDataAccess.objects.exists()


def test_an_export_with_personal_columns_is_logged_and_linked_to_its_export_log(client, dinas, business):
    client.force_login(dinas)
    response = client.get(reverse("dashboard:export", args=["businesses", "csv"]))
    b"".join(response.streaming_content)
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.action, log.export.dataset, log.export.personal_data) == (dinas, "ekspor", "businesses", True)
    # Products carry no personal column: not an access to personal data.
    b"".join(client.get(reverse("dashboard:export", args=["products", "csv"])).streaming_content)
    assert PersonalDataAccess.objects.count() == 1


def test_the_log_is_read_only_in_the_admin_and_hidden_from_pimpinan(client, dinas, pimpinan, business):
    client.force_login(dinas)
    client.get(pages(business)["cetak"])
    log = PersonalDataAccess.objects.get()
    assert client.get(reverse("admin:dashboard_personaldataaccess_changelist")).status_code == 200
    assert client.get(reverse("admin:dashboard_personaldataaccess_change", args=[log.pk])).status_code == 200
    assert client.get(reverse("admin:dashboard_personaldataaccess_add")).status_code == 403
    assert client.post(reverse("admin:dashboard_personaldataaccess_delete", args=[log.pk])).status_code == 403
    client.force_login(pimpinan)
    assert client.get(reverse("admin:dashboard_personaldataaccess_changelist")).status_code == 403


def test_purge_removes_rows_older_than_the_retention_and_is_safe_to_run_twice(settings, dinas, business):
    settings.PERSONAL_DATA_LOG_DAYS = 730
    old = PersonalDataAccess.objects.create(user=dinas, action="lihat", source="admin", business=business)
    recent = PersonalDataAccess.objects.create(user=dinas, action="lihat", source="admin", business=business)
    PersonalDataAccess.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=731))
    PersonalDataAccess.objects.filter(pk=recent.pk).update(created_at=timezone.now() - datetime.timedelta(days=729))
    call_command("purge_personal_data_log")
    call_command("purge_personal_data_log")
    assert list(PersonalDataAccess.objects.values_list("pk", flat=True)) == [recent.pk]
