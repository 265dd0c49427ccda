"""Property-based tests: whatever is typed into a form or a spreadsheet, the answer is a message,
never a server error.

Random text (with NUL bytes, control characters, emoji, very long strings), numbers (huge,
negative, exponent notation, "1.500.000"), dates in odd shapes and random files go into every
owner, officer and staff form, the filter forms, the django-filter FilterSet and the import. At
form level only a clean result or field errors are allowed; through the test client only a
status below 500. PostgreSQL refuses NUL bytes in text, so run this file there too.
"""

import io
from datetime import date

import openpyxl
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import DataRequestForm, LoginForm, SignupForm
from aid.forms import (
    AnnouncementForm,
    ApplyForm,
    HandoverForm,
    MonitoringForm,
    PreferenceForm,
    ProgrammeForm,
    RejectForm,
    TrainingEventForm,
)
from catalogue.forms import AssessmentForm, CatalogueFilterForm, DemandForm, OfferForm
from dashboard.forms import FilterForm, ListFilterForm
from organizations.forms import JoinForm, MemberFilterForm
from organizations.import_forms import ImportUploadForm
from organizations.models import Association
from registry import importing
from registry.forms import (
    AssistanceForm,
    BusinessCreateForm,
    IdentityForm,
    LocationForm,
    NeedsForm,
    PublicationForm,
    WorkersForm,
)
from registry.models import Business
from registry.product_forms import (
    CertificationForm,
    MarketAreaForm,
    PhotoUploadForm,
    ProductForm,
    ProductionReportForm,
    RawMaterialFormSet,
)
from registry.staff_forms import ReportReturnForm, ReturnForm, StaffBusinessFilter, StatusForm
from tests.factories import BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A request through the test client costs far more than a form: fewer examples per page.
PAGE_FUZZ = settings(FUZZ, max_examples=15)

# --- what people (and attackers) type ---------------------------------------------------------

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s + "\x00"),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\r\n\t",
            "🙂" * 30,
            "x" * 5000,
            "<script>alert(1)</script>",
            "'; DROP TABLE registry_business; --",
            "%00",
            "NaN",
            "Infinity",
            "-0",
            "35.23.08.2008\x00",
            "\ufeff",
        ]
    ),
)
nasty_number = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["1e999999", "-1e-999999", "9" * 400, "1.500.000", "Rp 1.500.000", "1,5", "0x10", "2147483648", "１２３"]
    ),
)
nasty_date = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["2025-02-30", "0000-00-00", "31-12-99999", "9999-12-31", "kemarin", "2025-13-01"]),
)
nasty_value = st.one_of(nasty_text, nasty_number, nasty_date)


def value_for(field):
    """A random value for one form field: of its kind most of the time, anything now and then."""
    if isinstance(field, forms.BooleanField):
        return st.sampled_from(["on", "", "false", "\x00"])
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return st.lists(nasty_value, max_size=3)
    if isinstance(field, forms.ChoiceField) and field.choices and not isinstance(field, forms.ModelChoiceField):
        keys = [str(k) for k, _label in field.choices if not isinstance(_label, list | tuple)]
        return st.one_of(st.sampled_from(keys or [""]), nasty_value)
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return st.one_of(nasty_number, nasty_text)
    if isinstance(field, forms.DateField | forms.DateTimeField):
        return st.one_of(nasty_date, nasty_text)
    return nasty_value


def file_for():
    return st.one_of(
        st.binary(max_size=200).map(lambda b: SimpleUploadedFile("foto.jpg", b, content_type="image/jpeg")),
        st.just(SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")),
        st.just(SimpleUploadedFile("kosong.png", b"", content_type="image/png")),
    )


@st.composite
def form_input(draw, form):
    data, files = {}, {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if isinstance(field, forms.FileField):
            if draw(st.booleans()):
                files[key] = draw(file_for())
            continue
        if draw(st.integers(0, 9)) == 0:
            continue  # a field missing from the POST altogether
        value = draw(value_for(field))
        data[key] = value
    return data, files


def check_form(make_form, data, files):
    """A bound form either validates or names what is wrong; rendering it never fails."""
    form = make_form(data=data, files=files)
    valid = form.is_valid()
    if not valid:
        assert form.errors, "an invalid form must say why"
    form.as_div()  # bound widgets render the choices, e.g. the desa list of a typed kecamatan
    return form


def fuzz_form(make_form):
    template = make_form(data=None, files=None)

    @FUZZ
    @given(st.data())
    def run(data_strategy):
        data, files = data_strategy.draw(form_input(template))
        for upload in files.values():
            upload.seek(0)
        check_form(make_form, data, files)

    run()


# --- every form ------------------------------------------------------------------------------


@pytest.fixture
def business(pelaku):
    return pelaku.businesses.get()


@pytest.fixture
def product(business):
    return ProductFactory(business=business)


def owner_forms(business, product, pelaku):
    return {
        "BusinessCreateForm": lambda **kw: BusinessCreateForm(**kw),
        "IdentityForm": lambda **kw: IdentityForm(instance=business, **kw),
        "LocationForm": lambda **kw: LocationForm(instance=business, **kw),
        "WorkersForm": lambda **kw: WorkersForm(instance=business, **kw),
        "PublicationForm": lambda **kw: PublicationForm(instance=business, **kw),
        "NeedsForm": lambda **kw: NeedsForm(business=business, **kw),
        "AssistanceForm": lambda **kw: AssistanceForm(instance=None, **kw),
        "ProductForm": lambda **kw: ProductForm(instance=product, **kw),
        "PhotoUploadForm": lambda **kw: PhotoUploadForm(**kw),
        "CertificationForm": lambda **kw: CertificationForm(**kw),
        "MarketAreaForm": lambda **kw: MarketAreaForm(**kw),
        "ProductionReportForm": lambda **kw: ProductionReportForm(**kw),
        "OfferForm": lambda **kw: OfferForm(user=pelaku, **kw),
        "DataRequestForm": lambda **kw: DataRequestForm(user=pelaku, **kw),
        "JoinForm": lambda **kw: JoinForm(associations=Association.objects.all(), **kw),
        "PreferenceForm": lambda **kw: PreferenceForm(**kw),
    }


OWNER_FORMS = [
    "BusinessCreateForm",
    "IdentityForm",
    "LocationForm",
    "WorkersForm",
    "PublicationForm",
    "NeedsForm",
    "AssistanceForm",
    "ProductForm",
    "PhotoUploadForm",
    "CertificationForm",
    "MarketAreaForm",
    "ProductionReportForm",
    "OfferForm",
    "DataRequestForm",
    "JoinForm",
    "PreferenceForm",
]


@pytest.mark.parametrize("name", OWNER_FORMS)
def test_owner_forms_answer_any_input_with_field_errors_never_an_exception(name, business, product, pelaku):
    fuzz_form(owner_forms(business, product, pelaku)[name])


def staff_and_public_forms(programme):
    return {
        "ProgrammeForm": lambda **kw: ProgrammeForm(**kw),
        "ApplyForm": lambda **kw: ApplyForm(programme=programme, **kw),
        "RejectForm": lambda **kw: RejectForm(**kw),
        "HandoverForm": lambda **kw: HandoverForm(**kw),
        "MonitoringForm": lambda **kw: MonitoringForm(**kw),
        "TrainingEventForm": lambda **kw: TrainingEventForm(**kw),
        "AnnouncementForm": lambda **kw: AnnouncementForm(officer=True, **kw),
        "MemberFilterForm": lambda **kw: MemberFilterForm(associations=Association.objects.all(), **kw),
        "CatalogueFilterForm": lambda **kw: CatalogueFilterForm(**kw),
        "DemandForm": lambda **kw: DemandForm(**kw),
        "AssessmentForm": lambda **kw: AssessmentForm(product=None, **kw),
        "FilterForm": lambda **kw: FilterForm(**kw),
        "ListFilterForm": lambda **kw: ListFilterForm(**kw),
        # django-axes needs the request (it counts failures per address).
        "LoginForm": lambda **kw: LoginForm(RequestFactory().post("/akun/masuk/"), **kw),
        "SignupForm": lambda **kw: SignupForm(**kw),
        "ReturnForm": lambda **kw: ReturnForm(**kw),
        "StatusForm": lambda **kw: StatusForm(**kw),
        "ReportReturnForm": lambda **kw: ReportReturnForm(**kw),
        "ImportUploadForm": lambda **kw: ImportUploadForm(units=Association.objects.all(), **kw),
    }


STAFF_FORMS = [
    "ProgrammeForm",
    "ApplyForm",
    "RejectForm",
    "HandoverForm",
    "MonitoringForm",
    "TrainingEventForm",
    "AnnouncementForm",
    "MemberFilterForm",
    "CatalogueFilterForm",
    "DemandForm",
    "AssessmentForm",
    "FilterForm",
    "ListFilterForm",
    "LoginForm",
    "SignupForm",
    "ReturnForm",
    "StatusForm",
    "ReportReturnForm",
    "ImportUploadForm",
]


@pytest.fixture
def programme():
    from tests.aid.factories import ProgrammeFactory

    return ProgrammeFactory()


@pytest.mark.parametrize("name", STAFF_FORMS)
def test_officer_staff_and_public_forms_answer_any_input_with_field_errors(name, programme, pengurus):
    fuzz_form(staff_and_public_forms(programme)[name])


@FUZZ
@given(params=st.dictionaries(st.sampled_from(list(StaffBusinessFilter.base_filters)), nasty_value, max_size=6))
def test_the_staff_filterset_answers_any_query_string(params, dinas):
    BusinessFactory()
    filterset = StaffBusinessFilter(params, queryset=Business.objects.all())
    if filterset.is_valid():
        list(filterset.qs[:5])
    else:
        assert filterset.errors
    filterset.form.as_div()


# --- through the pages -----------------------------------------------------------------------

FILTER_KEYS = [
    "tahun",
    "kecamatan",
    "komoditas",
    "kbli",
    "kelas",
    "q",
    "status",
    "urut",
    "page",
    "unit",
    "desa",
    "bintang",
]


LIST_PAGES = [
    ("dinas", "dashboard:index"),
    ("dinas", "dashboard:business_list"),
    ("dinas", "dinas:business_list"),
    ("pengurus", "organizations:member_list"),
    (None, "catalogue:list"),
    (None, "demand:list"),
]


@pytest.mark.parametrize("role,page", LIST_PAGES, ids=[page for _role, page in LIST_PAGES])
def test_list_pages_answer_any_query_string_without_a_server_error(role, page, client, request):
    BusinessFactory()
    if role:
        client.force_login(request.getfixturevalue(role))
    url = reverse(page)

    @PAGE_FUZZ
    @given(params=st.dictionaries(st.sampled_from(FILTER_KEYS), nasty_value, max_size=5))
    def run(params):
        response = client.get(url, params)
        assert response.status_code < 500, (url, params)

    run()


OWNER_SECTIONS = ["owner:identity", "owner:location", "owner:workers", "owner:publication", "owner:needs"]


@pytest.mark.parametrize("section", OWNER_SECTIONS)
def test_owner_sections_answer_any_post_without_a_server_error(section, client, pelaku, business):
    client.force_login(pelaku)
    url = reverse(section, args=[business.pk])
    form_class = {
        "owner:identity": IdentityForm,
        "owner:location": LocationForm,
        "owner:workers": WorkersForm,
        "owner:publication": PublicationForm,
    }.get(section)
    template = form_class(instance=business) if form_class else NeedsForm(business=business)

    @PAGE_FUZZ
    @given(st.data())
    def run(data_strategy):
        data, _files = data_strategy.draw(form_input(template))
        business.refresh_from_db()
        data["version"] = str(business.version)
        response = client.post(url, data)
        assert response.status_code < 500, data
        if response.status_code == 200:
            # Re-shown with the errors: the owner is told what to fix.
            assert b"invalid-feedback" in response.content or b"alert" in response.content

    run()


def test_product_create_answers_any_post_without_a_server_error(client, pelaku, business):
    client.force_login(pelaku)
    url = reverse("owner:product_create", args=[business.pk])
    template = ProductForm()
    material = RawMaterialFormSet.form(prefix="bahan-0")

    @PAGE_FUZZ
    @given(st.data())
    def run(data_strategy):
        data, _files = data_strategy.draw(form_input(template))
        data.update({"bahan-TOTAL_FORMS": "1", "bahan-INITIAL_FORMS": "0"})
        data.update(data_strategy.draw(form_input(material))[0])
        assert client.post(url, data).status_code < 500, data

    run()


# --- the spreadsheet import ------------------------------------------------------------------

BUSINESS_SHEET = importing.TEMPLATE_SHEETS[0]
HEADERS = [importing._header(importing.SHEETS_BY_KEY["businesses"], n) for n in BUSINESS_SHEET.template_fields]
cell_value = st.one_of(
    st.none(),
    nasty_text.map(lambda s: s.replace("\x00", "")),  # openpyxl itself refuses NUL and control chars
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 1, 1)),
    st.booleans(),
)


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Usaha IKM"
    sheet.append(HEADERS)
    for values in rows:
        sheet.append(values)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def strip_illegal(value):
    if isinstance(value, str):
        return openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


@FUZZ
@given(rows=st.lists(st.lists(cell_value, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=4))
def test_the_import_answers_any_sheet_with_row_errors_never_an_exception(rows, pengurus):
    association = pengurus.officer_roles.get().association
    data = workbook([[strip_illegal(v) for v in row] for row in rows])
    try:
        sheets = importing.read_workbook(data)
    except importing.BadFile as error:
        assert str(error)  # refused as a whole, with a message
        return
    result = importing.apply(sheets, importing.Scope(association=association), dry_run=True, invite=False)
    for sheet in result.preview.sheets:
        for row in sheet.rows:
            if row.errors:
                assert all(str(message) for message in row.errors.values())


@PAGE_FUZZ
@given(payload=st.binary(max_size=400))
def test_the_import_upload_refuses_random_bytes_with_a_message(payload, client, pengurus):
    client.force_login(pengurus)
    response = client.post(
        reverse("organizations:import_upload"), {"file": SimpleUploadedFile("anggota.xlsx", payload)}
    )
    assert response.status_code < 500
    assert response.status_code == 200 and b"invalid-feedback" in response.content or b"alert" in response.content


# --- what the fuzzing found, pinned ----------------------------------------------------------


@pytest.mark.parametrize("code", ["\x00", "35.23.08\x00", "35.23.999", "x" * 500])
def test_a_garbled_kecamatan_is_a_field_error_not_a_server_error(code, client, pelaku, business):
    # Found on PostgreSQL: the raw kecamatan went into the desa query, and a NUL byte gave a 500.
    client.force_login(pelaku)
    data = {"kecamatan": code, "desa": "35.23.08.2008", "address": "Jl. Raya", "version": business.version}
    response = client.post(reverse("owner:location", args=[business.pk]), data)
    assert response.status_code == 200
    assert "Pilih kecamatan" in response.content.decode() or "Pilih desa" in response.content.decode()
    form = LocationForm(data=data, instance=business)
    assert not form.is_valid() and "kecamatan" in form.errors


def test_a_garbled_desa_code_in_the_sentra_form_is_a_404(client, dinas):
    client.force_login(dinas)
    response = client.post(reverse("desa:sentra"), {"desa": "35.23.08.2008\x00", "commodity": "batik"})
    assert response.status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_staff_actions_never_redirect_off_the_site(target, client, dinas):
    client.force_login(dinas)
    response = client.post(reverse("dinas:verify_selected"), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("dinas:queue")


def test_staff_actions_return_to_the_page_they_came_from(client, dinas):
    client.force_login(dinas)
    response = client.post(reverse("dinas:verify_selected"), {"next": "/dinas/usaha/?q=batik"})
    assert response["Location"] == "/dinas/usaha/?q=batik"
