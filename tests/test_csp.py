"""The Content-Security-Policy: every page sends it, and no page needs what it forbids.

The policy (tuban_ikm/settings.py) refuses inline scripts, inline event handlers and
style="" attributes. A page that still had one would be broken in the browser (a button
that does nothing, a bar with no width), so each main page is fetched per role and its
HTML is read for them here; tests/browser checks the same in Chromium.
"""

import json
import logging
import re
import tokenize
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from aid.models import Attendance, TrainingEvent
from catalogue.models import Demand, PublishedProduct
from dashboard.boundaries import read_boundaries
from dashboard.models import Boundary
from organizations.drives import drive_start
from organizations.models import Membership
from registry.models import Business, Certification, CommodityGroup, ProductPhoto, Unit
from registry.services import business_submit, business_verify
from tests.admin.builders import GIF, MAKERS
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.factories import (
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    MembershipFactory,
    ProductFactory,
    ProductionReportFactory,
    UserFactory,
)
from tuban_ikm import roles
from tuban_ikm.templatetags.ui import width_class

pytestmark = pytest.mark.django_db

# Data blocks such as {{ value|json_script }} are not executed, so the policy does not apply.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class InlineCodeFinder(HTMLParser):
    """Collects what the policy would refuse: on* handlers, style attributes and <style>
    blocks, <script> without src, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            elif name == "style":
                self.found.append(f'<{tag} style="{value}">')
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f'<{tag} {name}="{value}">')
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style> block")


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


def assert_page_obeys_the_policy(response):
    assert response.status_code == 200, response
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


# --- The header -----------------------------------------------------------------------------


def test_every_page_is_sent_with_the_enforced_policy(client):
    response = client.get(reverse("home"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "report-uri": "/csp-report/",
    }
    # Enforced, not merely reported.
    assert "Content-Security-Policy-Report-Only" not in response


def test_error_pages_and_downloads_carry_the_policy_too(client, dinas_client):
    assert "Content-Security-Policy" in client.get("/tidak-ada/")
    assert "Content-Security-Policy" in dinas_client.get(reverse("dashboard:export", args=["businesses", "csv"]))


def test_the_checker_finds_each_kind_of_inline_code():
    html = (
        '<p style="color: red">x</p><button onclick="go()">b</button><script>go()</script>'
        '<a href="javascript:go()">a</a><style>p {}</style>'
        '<script src="/static/js/site.js"></script><script type="application/json">{}</script>'
    )
    assert inline_code(html) == [
        '<p style="color: red">',
        "<button onclick=...>",
        "<script> without src",
        '<a href="javascript:go()">',
        "<style> block",
    ]


# --- Every template and the Python that writes HTML -----------------------------------------

SOURCE_DIRS = [Path(settings.BASE_DIR) / name for name in ("templates", "static")]
INLINE_IN_SOURCE = re.compile(r"""\son[a-z]+\s*=\s*["']|\sstyle\s*=\s*["']|<script>|<style|javascript:""", re.I)


def test_no_template_or_static_html_has_inline_code():
    offenders = []
    for folder in SOURCE_DIRS:
        for path in folder.rglob("*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if INLINE_IN_SOURCE.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()[:120]}")
    assert offenders == []


def test_no_python_module_writes_inline_code_into_html():
    """String literals only (format_html, mark_safe, widget attrs, crispy layouts); comments may
    talk about what is refused."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.glob("*/**/*.py"):
        if path.relative_to(base).parts[0] in {".venv", "tests", "bench", "staticfiles"}:
            continue
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type == tokenize.STRING and INLINE_IN_SOURCE.search(token.string):
                    offenders.append(f"{path.relative_to(base)}:{token.start[0]}: {token.string[:120]}")
    assert offenders == []


# --- The pages, per role ---------------------------------------------------------------------


@pytest.fixture
def site(pelaku, other_pelaku, pengurus, dinas):
    """One of everything the main pages show: a verified business with a product that has
    markets, certificates, reports and a photo; a submitted one in the review queue; a
    membership and a drive; an aid programme with an application and a training event;
    a buyer's demand."""
    business = Business.objects.get(owner=pelaku)
    product = ProductFactory(business=business, name="Kain batik gedog")
    MarketAreaFactory(product=product)
    CertificationFactory(product=product)
    ProductionReportFactory(product=product)
    ProductPhoto.objects.create(product=product, image=SimpleUploadedFile("foto.gif", GIF, "image/gif"))
    business_verify(business=business, user=dinas)
    submitted = Business.objects.get(owner=other_pelaku)
    ProductFactory(business=submitted)
    business_submit(business=submitted, user=other_pelaku)

    association = pengurus.officer_roles.get().association
    membership = MembershipFactory(business=business, association=association)
    MembershipFactory(business=BusinessFactory(), association=association, status=Membership.Status.APPLIED)
    drive = drive_start(
        association=association, deadline=timezone.localdate() + timedelta(days=30), started_by=pengurus
    )

    programme = ProgrammeFactory()
    application = ApplicationFactory(programme=programme, business=business)
    event = TrainingEvent.objects.create(
        programme=programme, title="Pelatihan pewarnaan alami", date=timezone.localdate(), place="Kerek", capacity=20
    )
    Attendance.objects.create(event=event, application=application)

    buyer = UserFactory(username="pembeli", groups=[roles.PEMBELI])
    demand = Demand.objects.create(
        title="Kain batik untuk seragam",
        commodity=CommodityGroup.BATIK,
        quantity=100,
        unit=Unit.SHEET,
        delivery_place="Kantor Dinas Pendidikan",
        delivery_kecamatan_id="35.23.08",
        buyer_name="Dinas Pendidikan",
        required_certifications=[Certification.Kind.MEREK],
        posted_by=buyer,
    )
    from messaging.services import thread_reply, thread_start

    thread = thread_start(writer=pelaku, kind="pertanyaan", subject="Izin P-IRT", body="Bagaimana?", business=business)
    thread_reply(thread=thread, author=dinas, body="Lewat OSS.")
    return {
        "thread": thread,
        "business": business,
        "product": product,
        "published": PublishedProduct.objects.get(product=product),
        "submitted": submitted,
        "membership": membership,
        "drive": drive,
        "programme": programme,
        "application": application,
        "event": event,
        "demand": demand,
        "buyer": buyer,
    }


def business_url(name):
    return lambda s: reverse(f"owner:{name}", args=[s["business"].pk])


def product_url(name):
    return lambda s: reverse(f"owner:{name}", args=[s["business"].pk, s["product"].pk])


PAGES = {
    None: {
        "home": lambda s: reverse("home"),
        "catalogue": lambda s: reverse("catalogue:list"),
        "catalogue product": lambda s: reverse("catalogue:product", args=[s["published"].pk]),
        "desa index": lambda s: reverse("desa:index"),
        "desa page": lambda s: reverse("desa:detail", args=[s["business"].desa_id]),
        "login": lambda s: reverse("accounts:login"),
        "signup": lambda s: reverse("accounts:signup"),
        "privacy": lambda s: reverse("accounts:privacy"),
        "password reset": lambda s: reverse("accounts:password_reset"),
        "contact": lambda s: reverse("contact"),
    },
    "pelaku": {
        "my businesses": lambda s: reverse("owner:business_list"),
        "new business": lambda s: reverse("owner:business_create"),
        "overview": business_url("business_overview"),
        "identity": business_url("identity"),
        "location": business_url("location"),
        "workers": business_url("workers"),
        "needs": business_url("needs"),
        "assistance": business_url("assistance"),
        "publication": business_url("publication"),
        "products": business_url("product_list"),
        "new product": business_url("product_create"),
        "product": product_url("product_edit"),
        "photos": product_url("product_photos"),
        "markets": product_url("product_markets"),
        "reports": product_url("product_reports"),
        "certifications": product_url("product_certifications"),
        "delete product": product_url("product_delete"),
        "aid programmes": lambda s: reverse("aid:owner_programmes", args=[s["business"].pk]),
        "aid application": lambda s: reverse("aid:owner_application", args=[s["application"].pk]),
        "announcements": lambda s: reverse("aid:inbox"),
        "announcement preferences": lambda s: reverse("aid:preferences"),
        "join association": lambda s: reverse("organizations:join", args=[s["business"].pk]),
        "my data": lambda s: reverse("accounts:my_data"),
        "data request": lambda s: reverse("accounts:data_request"),
        "inbox": lambda s: reverse("accounts:inbox"),
        "threads": lambda s: reverse("messaging:thread_list"),
        "new thread": lambda s: reverse("messaging:thread_create"),
        "thread": lambda s: reverse("messaging:thread_detail", args=[s["thread"].pk]),
    },
    "pengurus": {
        "members": lambda s: reverse("organizations:member_list"),
        "member": lambda s: reverse("organizations:member_detail", args=[s["membership"].pk]),
        "drives": lambda s: reverse("organizations:drive_list"),
        "drive": lambda s: reverse("organizations:drive_detail", args=[s["drive"].pk]),
        "new drive": lambda s: reverse("organizations:drive_start"),
        "import": lambda s: reverse("organizations:import_upload"),
        "send announcement": lambda s: reverse("aid:announcement_list"),
        "new thread (officer)": lambda s: reverse("messaging:thread_create"),
    },
    "dinas": {
        "review queue": lambda s: reverse("dinas:queue"),
        "review": lambda s: reverse("dinas:review_detail", args=[s["submitted"].pk]),
        "staff businesses": lambda s: reverse("dinas:business_list"),
        "duplicates": lambda s: reverse("dinas:duplicates"),
        "data quality": lambda s: reverse("dinas:data_quality"),
        "staff import": lambda s: reverse("dinas:import_upload"),
        "dashboard": lambda s: reverse("dashboard:index"),
        "dashboard businesses": lambda s: reverse("dashboard:business_list"),
        "dashboard print": lambda s: reverse("dashboard:business_print", args=[s["business"].pk]),
        "map": lambda s: reverse("dashboard:map"),
        "programmes": lambda s: reverse("aid:programme_list"),
        "programme": lambda s: reverse("aid:programme_review", args=[s["programme"].pk]),
        "new programme": lambda s: reverse("aid:programme_create"),
        "application": lambda s: reverse("aid:application_detail", args=[s["application"].pk]),
        "training attendance": lambda s: reverse("aid:training_attendance", args=[s["event"].pk]),
        "e-katalog": lambda s: reverse("catalogue:ekatalog"),
        "sentra": lambda s: reverse("desa:sentra"),
        "admin index": lambda s: reverse("admin:index"),
        "message queue": lambda s: reverse("messaging:staff_queue"),
        "staff thread": lambda s: reverse("messaging:staff_thread", args=[s["thread"].pk]),
        "admin threads": lambda s: reverse("admin:messaging_thread_changelist"),
        "admin thread": lambda s: reverse("admin:messaging_thread_change", args=[s["thread"].pk]),
        "admin contact": lambda s: reverse("admin:tuban_ikm_dinascontact_add"),
        "admin history": lambda s: reverse("admin:registry_business_history", args=[s["business"].pk]),
    },
    "pembeli": {
        "demand board": lambda s: reverse("demand:list"),
        "new demand": lambda s: reverse("demand:create"),
        "demand": lambda s: reverse("demand:detail", args=[s["demand"].pk]),
    },
    "penilai": {
        "ovop assessments": lambda s: reverse("catalogue:assessments"),
        "ovop assessment form": lambda s: reverse("catalogue:product_assess", args=[s["published"].pk]),
    },
}
CASES = [(role, name) for role, pages in PAGES.items() for name in pages]


@pytest.mark.parametrize(("role", "page"), CASES, ids=[f"{role or 'anonymous'}-{page}" for role, page in CASES])
def test_main_pages_have_no_inline_code(client, site, role, page, pelaku, pengurus, dinas):
    users = {"pelaku": pelaku, "pengurus": pengurus, "dinas": dinas, "pembeli": site["buyer"]}
    if role == "penilai":
        users["penilai"] = UserFactory(username="penilai", groups=[roles.PENILAI_OVOP])
    if role:
        client.force_login(users[role])
    assert_page_obeys_the_policy(client.get(PAGES[role][page](site)))


def test_the_map_with_boundaries_has_no_inline_code(dinas_client, site):
    square = [[[111.8, -6.9], [111.9, -6.9], [111.9, -7.0], [111.8, -6.9]]]
    feature = {
        "type": "Feature",
        "properties": {"kode": site["business"].desa_id},
        "geometry": {"type": "Polygon", "coordinates": square},
    }
    Boundary.objects.bulk_create(read_boundaries({"type": "FeatureCollection", "features": [feature]}))
    response = dinas_client.get(reverse("dashboard:map"))
    assert b"leaflet.js" in response.content
    assert_page_obeys_the_policy(response)


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
def test_admin_list_change_and_history_pages_have_no_inline_code(dinas_client, model):
    first = MAKERS[model](2)[0]
    assert_page_obeys_the_policy(dinas_client.get(admin_url(model, "changelist")))
    assert_page_obeys_the_policy(dinas_client.get(admin_url(model, "change", first.pk)))
    if isinstance(admin.site._registry[model], SimpleHistoryAdmin):
        assert_page_obeys_the_policy(dinas_client.get(admin_url(model, "history", first.pk)))


ADMIN_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_list_and_add_page_has_no_inline_code(client, model):
    superuser = UserFactory(username="super", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert_page_obeys_the_policy(client.get(admin_url(model, "changelist")))
    response = client.get(admin_url(model, "add"))
    if response.status_code != 403:  # logs written by the system have no add page
        assert_page_obeys_the_policy(response)


# --- Progress bars: widths from classes, not style="" ----------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(42, "w-pct-42"), (99.6, "w-pct-100"), (-5, "w-pct-0"), (250, "w-pct-100"), (None, "w-pct-0")],
)
def test_a_percentage_becomes_the_class_of_that_width(value, expected):
    assert width_class(value) == expected


def test_every_width_class_is_defined_in_the_stylesheet():
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    assert all(f".w-pct-{n} {{ width: {n}%; }}" in css for n in range(101))


def test_the_owner_sees_the_completeness_bar_at_its_score(client, pelaku):
    business = Business.objects.get(owner=pelaku)
    client.force_login(pelaku)
    response = client.get(reverse("owner:business_overview", args=[business.pk]))
    score = business.completeness().score
    assert f'progress-bar bg-success w-pct-{score}"' in response.content.decode()


# --- Violation reports -----------------------------------------------------------------------


def test_a_violation_report_is_logged_and_answered_with_no_content(client, caplog):
    report = {
        "csp-report": {
            "document-uri": "https://ikm.tubankab.go.id/katalog/",
            "violated-directive": "script-src-elem",
            "blocked-uri": "https://evil.example/x.js",
        }
    }
    with caplog.at_level(logging.WARNING, logger="tuban_ikm.csp"):
        response = client.post(reverse("csp_report"), json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "script-src-elem blocked https://evil.example/x.js on https://ikm.tubankab.go.id/katalog/" in caplog.text


def test_junk_and_oversized_reports_are_ignored_quietly(client, caplog):
    with caplog.at_level(logging.WARNING, logger="tuban_ikm.csp"):
        assert client.post(reverse("csp_report"), "not json", content_type="application/csp-report").status_code == 204
        huge = '{"csp-report": {"blocked-uri": "' + "x" * 20000 + '"}}'
        assert client.post(reverse("csp_report"), huge, content_type="application/csp-report").status_code == 204
    assert "CSP violation" not in caplog.text


def test_the_report_address_takes_only_posts(client):
    assert client.get(reverse("csp_report")).status_code == 405
