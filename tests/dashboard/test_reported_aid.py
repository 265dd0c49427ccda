"""The dashboard counts confirmed aid (recorded by an aid programme or Dinas) apart from aid
owners reported themselves, and says which is which (issue 12)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import figures
from dashboard.scope import Filters, Scope
from registry.models import Assistance
from tests.factories import AssistanceFactory, NeedFactory

from .conftest import KEREK

pytestmark = pytest.mark.django_db


def needs_panel(**filters):
    values = Filters(**filters)
    return figures.needs_and_aid(Scope(values), figures.Linker(values, "/list/"))


def summary(panel):
    return {row["kind"]: row for row in panel["summary"]}


@pytest.fixture
def owner_report(registry):
    """The batik maker, who needs capital, says she got Rp 999,000,000 of it."""
    NeedFactory(business=registry.batik, kind="permodalan")
    return AssistanceFactory(
        business=registry.batik,
        kind="permodalan",
        year=2025,
        source=Assistance.Source.OWNER,
        status=Assistance.Status.MONITORED,  # as a forged or old row might say
        value=Decimal("999000000"),
    )


def test_owner_reported_aid_is_counted_apart_and_answers_no_need(owner_report):
    panel = needs_panel()
    capital = summary(panel)["permodalan"]
    assert capital["aid"] == 0  # confirmed: none
    assert capital["aid_value"] == ""
    assert capital["reported"] == 1
    assert capital["unanswered"] == 2  # the batik maker's need is still open
    kerek = {row["code"]: row["cells"] for row in panel["rows"]}[KEREK]
    assert kerek[1]["aid"] == 0


def test_confirmed_aid_counts_whether_a_programme_or_dinas_recorded_it(registry):
    AssistanceFactory(business=registry.batik, kind="permodalan", source="program", status="diserahkan")
    AssistanceFactory(business=registry.keripik, kind="permodalan", source="dinas", status="dimonitor")
    capital = summary(needs_panel())["permodalan"]
    assert (capital["aid"], capital["reported"]) == (2, 0)


def test_the_drill_down_lists_only_businesses_with_confirmed_or_only_with_reported_aid(owner_report, registry):
    confirmed = Scope(Filters(aid="permodalan")).businesses()
    reported = Scope(Filters(reported_aid="permodalan")).businesses()
    assert registry.batik not in confirmed
    assert list(reported) == [registry.batik]


def test_the_dashboard_page_says_which_figure_is_which(client, viewer, owner_report):
    client.force_login(viewer)
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Menerima (terkonfirmasi)" in html
    assert "Dilaporkan pemilik" in html
    assert "bantuan_dilaporkan=permodalan" in html


def test_the_business_print_page_labels_an_owner_report_instead_of_a_status(client, viewer, owner_report):
    client.force_login(viewer)
    html = client.get(reverse("dashboard:business_print", args=[owner_report.business_id])).content.decode()
    assert "Dilaporkan pemilik" in html
