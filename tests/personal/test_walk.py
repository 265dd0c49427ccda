"""Generated walk: every admin page (changelist, change page and history of each seeded
object, search, filters), every export (each dataset as xlsx and CSV, from the dashboard
and from the admin) and the print page, as Pimpinan and as Dinas.

Pimpinan must meet no personal value; Dinas, holding registry.view_personal_data, must
meet every one of them somewhere (so the walk can fail). What counts as personal comes
from tuban_ikm/personal.py through tests/personal/seed.py.
"""

import csv
import io
from urllib.parse import urlencode

import openpyxl
import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from simple_history.admin import SimpleHistoryAdmin

from dashboard.exporting import DATASETS, OPEN_DATA
from registry.models import Business
from tuban_ikm import personal
from tuban_ikm.admin_exports import ExportFilteredMixin
from tuban_ikm.personal_admin import PersonalDataAdminMixin

from .seed import every_personal_field_is_seeded, markers, personal_world

pytestmark = pytest.mark.django_db

FORMATS = ("xlsx", "csv")


@pytest.fixture
def world(db):
    return personal_world()


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = [str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row]
        return "\n".join(cells).lower()
    text = body.decode("utf-8", errors="replace")
    if response.get("Content-Type", "").startswith("text/csv"):
        text = "\n".join(",".join(row) for row in csv.reader(io.StringIO(text)))
    return text.lower()


def walk_urls(objects):
    """Every page of the walk: admin pages of every registered model, exports, print page."""
    seeded = {}
    for obj in objects:
        seeded.setdefault(type(obj), []).append(obj)
    urls = []
    for model, model_admin in admin.site._registry.items():
        urls.append(admin_url(model, "changelist"))
        for obj in seeded.get(model) or list(model._default_manager.all()[:1]):
            urls.append(admin_url(model, "change", obj.pk))
            try:
                urls.append(admin_url(model, "history", obj.pk))
            except NoReverseMatch:
                pass
            history = getattr(obj, "history", None)
            if history is not None and isinstance(model_admin, SimpleHistoryAdmin) and history.exists():
                name = f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history"
                urls.append(reverse(name, args=[obj.pk, history.first().history_id]))
        for field_name in model_admin.autocomplete_fields:
            query = urlencode(
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                }
            )
            urls.append(reverse("admin:autocomplete") + "?" + query)
        if isinstance(model_admin, ExportFilteredMixin):
            for file_format in FORMATS:
                urls.append(admin_url(model, "export_filtered", file_format))
    for dataset in [*DATASETS, OPEN_DATA]:
        for file_format in FORMATS:
            urls.append(reverse("dashboard:export", args=[dataset, file_format]))
    business = next(obj for obj in objects if isinstance(obj, Business))
    urls.append(reverse("dashboard:business_print", args=[business.pk]))
    urls.append(reverse("dashboard:business_list"))
    urls.append(reverse("dinas:review_detail", args=[business.pk]))
    return urls


def walk(client, objects):
    """{url: (status, lower-cased text)} for every page of the walk."""
    pages = {}
    for url in walk_urls(objects):
        response = client.get(url)
        pages[url] = (response.status_code, text_of(response) if response.status_code == 200 else "")
    return pages


def test_the_seeded_world_gives_every_personal_field_a_value(world):
    assert every_personal_field_is_seeded(world) == set()


def test_every_admin_showing_a_model_with_personal_fields_uses_the_mixin():
    for model, model_admin in admin.site._registry.items():
        inline_models = [inline.model for inline in model_admin.inlines]
        if any(personal.fields_of(m) for m in [model, *inline_models]):
            assert isinstance(model_admin, PersonalDataAdminMixin), model
            for inline in model_admin.inlines:
                if personal.fields_of(inline.model):
                    assert issubclass(inline, PersonalDataAdminMixin), inline


def test_pimpinan_meets_no_personal_value_on_any_admin_page_export_or_print_page(client, pimpinan, world):
    client.force_login(pimpinan)
    found = markers(world)
    pages = walk(client, world)
    assert sum(status == 200 for status, _text in pages.values()) > 40
    leaks = [(url, field) for url, (_s, text) in pages.items() for marker, field in found.items() if marker in text]
    assert leaks == []


def test_dinas_meets_every_personal_value_somewhere_on_the_same_walk(client, dinas, world):
    client.force_login(dinas)
    found = markers(world)
    everything = "\n".join(text for _status, text in walk(client, world).values())
    missing = {field for marker, field in found.items() if marker not in everything}
    assert missing == set()


def searchable_admins():
    return [(model, ma) for model, ma in admin.site._registry.items() if ma.search_fields]


def test_pimpinan_cannot_find_anything_by_a_personal_value_in_any_admin_search(client, pimpinan, dinas, world):
    terms = [OWNER for OWNER in markers(world) if not OWNER.isdigit()]
    hits = {"pimpinan": [], "dinas": []}
    for who, user in (("pimpinan", pimpinan), ("dinas", dinas)):
        client.force_login(user)
        for model, _model_admin in searchable_admins():
            for term in terms:
                response = client.get(admin_url(model, "changelist"), {"q": term})
                if response.status_code == 200 and response.context["cl"].result_count:
                    hits[who].append((model._meta.label_lower, term))
    assert hits["pimpinan"] == []
    assert len(hits["dinas"]) >= 5  # the control: the same searches find the owner for Dinas


def personal_lookups():
    """(model, lookup) for every personal field of every admin model, and one step through each relation."""
    for model in admin.site._registry:
        for name in personal.fields_of(model):
            yield model, f"{name}__isnull"
        for model_field in model._meta.get_fields():
            related = getattr(model_field, "related_model", None)
            if model_field.is_relation and model_field.concrete and related is not None:
                for name in personal.fields_of(related):
                    yield model, f"{model_field.name}__{name}__isnull"


def test_pimpinan_cannot_filter_by_a_personal_field_in_the_query_string(client, pimpinan, dinas, world):
    lookups = list(personal_lookups())
    assert len(lookups) > 20
    client.force_login(pimpinan)
    allowed = [
        (model._meta.label_lower, lookup)
        for model, lookup in lookups
        if client.get(admin_url(model, "changelist"), {lookup: "False"}).status_code == 200
    ]
    assert allowed == []
    client.force_login(dinas)
    local = [(model, lookup) for model, lookup in lookups if lookup.count("__") == 1]
    assert all(client.get(admin_url(m, "changelist"), {lk: "False"}).status_code == 200 for m, lk in local)


def test_pimpinan_reads_the_aid_snapshot_without_the_owners_data(client, pimpinan, world):
    from aid.models import Application

    application = Application.objects.get()
    client.force_login(pimpinan)
    page = client.get(admin_url(Application, "change", application.pk)).content.decode()
    assert "tanpa data pribadi" in page and application.snapshot["taken_at"] in page
    assert "Siti Rahasia" not in page and "Jalan Rahasia 7" not in page
