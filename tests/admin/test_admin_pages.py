"""Every admin page opens for Dinas staff, and its query count does not grow with the rows."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from organizations.models import DriveReminder
from registry.models import Business
from tests.admin.builders import MAKERS, PARENTS
from tests.factories import BusinessFactory, ProductFactory, kbli

pytestmark = pytest.mark.django_db

# A ceiling well above what the pages need today, so that a page that starts to grow
# fails here even before anyone adds rows.
MAX_QUERIES = 30


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context)


def model_id(model):
    return model.__name__


def test_every_model_of_the_registry_and_the_association_is_in_the_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label in ("registry", "organizations")}
    assert registered == set(MAKERS)


@pytest.mark.parametrize("model", MAKERS, ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(dinas_client, model, django_assert_max_num_queries):
    MAKERS[model](3)
    url = admin_url(model, "changelist")
    with_few = queries_for(dinas_client, url)
    MAKERS[model](20)
    with django_assert_max_num_queries(min(with_few, MAX_QUERIES)):
        response = dinas_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 23


@pytest.mark.parametrize("model", MAKERS, ids=model_id)
def test_change_page_opens_with_a_bounded_query_count(dinas_client, model, django_assert_max_num_queries):
    first = MAKERS[model](3)[0]
    url = admin_url(model, "change", first.pk)
    with_few = queries_for(dinas_client, url)
    MAKERS[model](20)
    with django_assert_max_num_queries(min(with_few, MAX_QUERIES)):
        response = dinas_client.get(url)
    assert response.status_code == 200


# Logs written by the system only: no add page, for anybody.
WRITTEN_BY_THE_SYSTEM = {DriveReminder}


@pytest.mark.parametrize("model", [m for m in MAKERS if m not in WRITTEN_BY_THE_SYSTEM], ids=model_id)
def test_add_page_opens_for_dinas_staff(dinas_client, model, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = dinas_client.get(admin_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", WRITTEN_BY_THE_SYSTEM, ids=model_id)
def test_system_logs_cannot_be_added_by_hand(dinas_client, model):
    assert dinas_client.get(admin_url(model, "add")).status_code == 403


@pytest.mark.parametrize("model", MAKERS, ids=model_id)
def test_history_page_opens_for_dinas_staff(dinas_client, model):
    first = MAKERS[model](1)[0]
    response = dinas_client.get(admin_url(model, "history", first.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", PARENTS, ids=model_id)
def test_change_page_with_inlines_does_not_grow_with_inline_rows(dinas_client, model, django_assert_max_num_queries):
    make_parent, add_children = PARENTS[model]
    parent = make_parent()
    add_children(parent, 3)
    url = admin_url(model, "change", parent.pk)
    with_few = queries_for(dinas_client, url)
    add_children(parent, 20)
    with django_assert_max_num_queries(min(with_few, MAX_QUERIES)):
        response = dinas_client.get(url)
    assert response.status_code == 200
    inline_rows = sum(formset.formset.total_form_count() for formset in response.context["inline_admin_formsets"])
    assert inline_rows >= 23


def test_products_under_a_business_show_their_kbli_label_in_the_inline(dinas_client):
    business = BusinessFactory(kbli=kbli())
    ProductFactory.create_batch(2, business=business, kbli=kbli())
    response = dinas_client.get(admin_url(Business, "change", business.pk))
    selected = f"selected>{escape(str(kbli()))}</option>"
    # Once for the business itself, once for each product row.
    assert response.content.decode().count(selected) == 3
