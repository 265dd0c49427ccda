"""Pieces that make long lists cheaper must show exactly what Django's own do: the keys-first
paginator, the admin's action checkbox and the choice labels of lists."""

import pytest
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from registry.models import Business, Product, ProductionReport
from registry.templatetags.choice_labels import choice_label_of
from tests.factories import BusinessFactory, ProductFactory, ProductionReportFactory
from tuban_ikm import paginators
from tuban_ikm.admin_lists import QuickActionCheckboxMixin
from tuban_ikm.paginators import KeysFirstPaginator

pytestmark = pytest.mark.django_db


def _page(paginator, number):
    page = paginator.get_page(number)
    return [b.pk for b in page.object_list], page.number, page.paginator.count, page.paginator.num_pages


@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "4", "x", "2.5", "0", "-1", "99"])
def test_the_keys_first_paginator_gives_django_paginators_pages(number):
    for n in range(11):
        BusinessFactory(name=f"Usaha {n % 4}")  # ties on the name: the key breaks them
    businesses = Business.objects.select_related("desa").order_by("name", "pk")
    assert _page(KeysFirstPaginator(businesses, 4), number) == _page(Paginator(businesses, 4), number)


def test_the_keys_first_paginator_reads_keys_and_total_then_the_rows():
    for n in range(6):
        BusinessFactory(name=f"Usaha {n}")
    businesses = Business.objects.select_related("desa").order_by("-name", "pk")
    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(businesses, 4).get_page("2")
        names = [b.name for b in page.object_list]
        assert (page.paginator.count, page.paginator.num_pages, page.has_previous(), page.has_next()) == (
            6,
            2,
            True,
            False,
        )
        assert [b.desa.name for b in page.object_list]  # the listing's joins came with the rows
    assert names == ["Usaha 1", "Usaha 0"]
    assert len(queries) == 2
    assert "OVER ()" in queries[0]["sql"]


def test_the_keys_first_paginator_counts_no_match_in_one_query():
    with CaptureQueriesContext(connection) as queries:
        page = KeysFirstPaginator(Business.objects.order_by("name", "pk"), 4).get_page(None)
        assert (list(page.object_list), page.paginator.count, page.number) == ([], 0, 1)
    assert len(queries) == 1


def test_the_admin_checkbox_is_djangos_markup(dinas):
    business = BusinessFactory(name='Batik "Sekar" & <Ayu>')
    model_admin = admin.site._registry[Business]
    assert isinstance(model_admin, QuickActionCheckboxMixin)
    for language in ("id", "en"):
        with translation.override(language):
            assert model_admin.action_checkbox(business) == admin.ModelAdmin.action_checkbox(model_admin, business)


def test_the_admin_business_list_says_about_when_the_total_is_estimated(dinas_client, monkeypatch):
    BusinessFactory(name="Batik Sekar")
    html = dinas_client.get("/admin/registry/business/").content.decode()
    assert "1 usaha IKM" in html and "sekitar" not in html
    monkeypatch.setattr(paginators, "estimated_count", lambda queryset: 123456)
    html = dinas_client.get("/admin/registry/business/").content.decode()
    assert "sekitar 123456 usaha IKM" in html
    assert 'name="_selected_action"' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_choice_labels_are_get_foo_display(language):
    report = ProductionReportFactory(product=ProductFactory())
    with translation.override(language):
        for model, obj, names in (
            (ProductionReport, report, ("semester", "status")),
            (Product, report.product, ("unit", "category")),
            (Business, report.product.business, ("status", "verification_status", "owner_gender")),
        ):
            for name in names:
                field = model._meta.get_field(name)
                for value in [*(choice for choice, _label in field.flatchoices), "not-a-choice", None]:
                    setattr(obj, field.attname, value)
                    assert choice_label_of(obj, name) == getattr(obj, f"get_{name}_display")()


def test_the_admin_site_context_is_djangos_with_the_app_list_deferred(rf, dinas):
    from django.contrib.admin import AdminSite

    request = rf.get("/admin/")
    request.user = dinas
    ours, django = admin.site.each_context(request), AdminSite.each_context(admin.site, request)
    assert ours.keys() == django.keys()
    for key, value in django.items():
        if key != "log_entries":  # a queryset: compared by its rows
            assert ours[key] == value, key
    assert list(ours["log_entries"]) == list(django["log_entries"])
    assert django["available_apps"] and list(ours["available_apps"]) == django["available_apps"]


def test_the_admin_index_still_lists_the_registry(dinas_client):
    html = dinas_client.get("/admin/").content.decode()
    assert "/admin/registry/business/" in html and "/admin/registry/product/" in html


def test_a_count_is_exact_below_the_cap_and_estimated_above_it_on_postgresql():
    reports = [ProductionReportFactory(year=2020 + n, status=ProductionReport.Status.SUBMITTED) for n in range(3)]
    submitted = ProductionReport.objects.filter(status=ProductionReport.Status.SUBMITTED)
    assert paginators.count_or_estimate(submitted) == (3, False)
    assert paginators.count_or_estimate(submitted.filter(pk=reports[0].pk)) == (1, False)
    number, estimated = paginators.count_or_estimate(submitted, exact_below=2)
    if connection.vendor == "postgresql":
        assert estimated and number >= 2  # the planner's figure, never below the cap
    else:
        assert (number, estimated) == (3, False)


def test_the_queue_says_about_when_the_reports_waiting_are_estimated(dinas_client, monkeypatch):
    from registry import staff_views

    ProductionReportFactory(status=ProductionReport.Status.SUBMITTED)
    html = dinas_client.get("/dinas/").content.decode()
    assert '<span class="badge text-bg-secondary">1</span>' in html
    monkeypatch.setattr(staff_views, "count_or_estimate", lambda queryset: (69226, True))
    html = dinas_client.get("/dinas/").content.decode()
    assert '<span class="badge text-bg-secondary">sekitar 69226</span>' in html


@pytest.mark.parametrize("viewname", ["dinas:review_detail", "dinas:report_action"])
def test_the_queues_row_links_are_reverses(viewname):
    from django.urls import reverse

    from registry.staff_views import _pk_urls

    url = _pk_urls(viewname)
    for pk in (1, 7, 98765, 9876543210, 12345678901234):
        assert url(pk) == reverse(viewname, args=[pk])


def test_the_quick_select_is_djangos_select():
    from django import forms
    from django.http import QueryDict

    from registry.staff_forms import StaffBusinessFilter
    from tuban_ikm.widgets import QuickSelect

    for query in ("", "kecamatan=35.23.08&industry_class=kecil&verification_status=diajukan&kualitas=tanpa_kbli"):
        form = StaffBusinessFilter(QueryDict(query), queryset=Business.objects.all()).form
        for name, field in form.fields.items():
            if isinstance(field.widget, QuickSelect):
                ours = str(form[name])
                field.widget.__class__ = forms.Select
                assert ours == str(form[name]), name
                field.widget.__class__ = QuickSelect
    groups = [("", "—"), ("Jawa", [("a", 'A & "B"'), ("b", "<B>")]), ("c", 3)]
    attrs = {"class": "form-select", "required": True, "disabled": False, "data-x": "<1>"}
    for value in (None, "a", "c", ["b"]):
        assert QuickSelect(attrs, choices=groups).render("pilih", value, {"id": "id_pilih"}) == forms.Select(
            attrs, choices=groups
        ).render("pilih", value, {"id": "id_pilih"})
