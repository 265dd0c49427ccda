"""A business closed by a spreadsheet import leaves the catalogue at once, as one closed in
a form does (the import writes in bulk: the catalogue hears of it by businesses_changed)."""

import pytest

from catalogue.models import PublishedBusiness
from registry import importing
from registry.models import Business
from tests.organizations.test_import import HEADERS, row, workbook

pytestmark = pytest.mark.django_db


def test_a_business_closed_by_an_import_leaves_the_catalogue(publish):
    business = publish(nib="1234567890123")
    other = publish(name="Terasi Gadon", nib="2222222222222")
    assert PublishedBusiness.objects.count() == 2
    headers = [*HEADERS, "Status usaha"]
    data = workbook(
        [
            row(**{"Status usaha": "Tutup", "Nama usaha": business.name}),
            row(NIB="2222222222222", **{"Nama usaha": other.name, "Tenaga kerja laki-laki": 7}),
        ],
        headers=headers,
    )
    result = importing.apply(importing.read_workbook(data), importing.Scope())
    assert result.applied, list(result.preview.error_lines())
    business.refresh_from_db()
    assert business.status == Business.Status.CLOSED
    assert list(PublishedBusiness.objects.values_list("business_id", flat=True)) == [other.pk]
