"""The admin export mixin: the filtered changelist (all pages) or the selection, same rules and log."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from dashboard.models import ExportLog

from .conftest import KEREK

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.dashboard.admin_urls")]

CHANGELIST = "/admin/registry/business/"


def rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"))))


def test_changelist_offers_export_buttons_with_the_current_filters(client, registry, dinas):
    client.force_login(dinas)
    html = client.get(CHANGELIST, {"status__exact": "aktif"}).content.decode()
    assert f"{CHANGELIST}ekspor/xlsx/?status__exact=aktif" in html
    assert "Ekspor CSV sesuai saringan" in html


def test_filtered_export_covers_every_row_the_filters_select(client, registry, dinas):
    client.force_login(dinas)
    header, *data = rows(
        client.get(f"{CHANGELIST}ekspor/csv/", {"status__exact": "aktif", "desa__kecamatan__code__exact": KEREK})
    )
    assert sorted(row[header.index("Nama usaha")] for row in data) == ["Anyaman Tunah", "Batik Sekar"]
    assert "Telepon/WA" in header
    log = ExportLog.objects.get()
    assert (log.source, log.user, log.row_count, log.personal_data) == ("admin", dinas, 2, True)
    assert log.filters == {"status__exact": "aktif", "desa__kecamatan__code__exact": KEREK}


def test_search_is_honoured_and_pimpinan_gets_no_personal_columns(client, registry, pimpinan):
    client.force_login(pimpinan)
    header, *data = rows(client.get(f"{CHANGELIST}ekspor/csv/", {"q": "keripik"}))
    assert [row[header.index("Nama usaha")] for row in data] == ["Keripik Jaya"]
    assert "Telepon/WA" not in header and "Nama pemilik" not in header
    assert ExportLog.objects.get().personal_data is False


def test_selected_rows_export_through_the_admin_action(client, registry, dinas):
    client.force_login(dinas)
    response = client.post(
        CHANGELIST,
        {"action": "export_selected_xlsx", "_selected_action": [registry.batik.pk, registry.terasi.pk]},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    log = ExportLog.objects.get()
    assert (log.file_format, log.row_count, log.filters) == ("xlsx", 2, {"baris_dipilih": "ya"})


def test_staff_without_export_permission_get_403_and_no_buttons(client, registry, viewer):
    viewer.user_permissions.add(Permission.objects.get(codename="view_business"))
    client.force_login(viewer)
    html = client.get(CHANGELIST).content.decode()
    assert "sesuai saringan" not in html
    assert "export_selected_csv" not in html
    assert client.get(f"{CHANGELIST}ekspor/csv/").status_code == 403
    assert not ExportLog.objects.exists()


def test_unknown_filters_cancel_the_export(client, registry, dinas):
    client.force_login(dinas)
    response = client.get(f"{CHANGELIST}ekspor/csv/", {"nonsense__exact": "1"})
    assert response.status_code == 302
    assert not ExportLog.objects.exists()
