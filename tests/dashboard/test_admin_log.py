"""The export log in the admin: readable for audit, never editable."""

import pytest
from django.urls import reverse

from dashboard.models import ExportLog

pytestmark = pytest.mark.django_db


def test_export_log_is_listed_in_the_admin_and_cannot_be_changed(admin_client, registry, dinas):
    log = ExportLog.objects.create(
        user=dinas, dataset="businesses", file_format="csv", source="dasbor", row_count=4, personal_data=True
    )
    response = admin_client.get(reverse("admin:dashboard_exportlog_changelist"))
    assert response.status_code == 200
    assert str(dinas) in response.content.decode()
    assert admin_client.get(reverse("admin:dashboard_exportlog_add")).status_code == 403
    detail = admin_client.get(reverse("admin:dashboard_exportlog_change", args=[log.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert admin_client.post(reverse("admin:dashboard_exportlog_delete", args=[log.pk])).status_code == 403
    assert ExportLog.objects.count() == 1


def test_boundaries_are_listed_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:dashboard_boundary_changelist")).status_code == 200
