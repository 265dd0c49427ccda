"""Officers see and manage only their own association's members; owners join and leave.

Standing users as in tests/conftest.py: `pengurus` is an officer of an umbrella association
(`association`), the Kerek unit sits under it, and `OfficerFactory()` makes officers of
other associations.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

import organizations.context_processors  # noqa: F401  (connects the log-in receiver)
from accounts.models import Invitation
from organizations import services
from organizations.models import Membership
from organizations.selectors import memberships_visible_to
from registry.models import Business, Kecamatan
from tests.factories import (
    AssistanceFactory,
    AssociationFactory,
    BusinessFactory,
    CertificationFactory,
    MarketAreaFactory,
    MembershipFactory,
    NeedFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_umbrella_officer_sees_members_of_every_sub_unit(pengurus, association, kerek_unit):
    direct = MembershipFactory(association=association)
    in_unit = MembershipFactory(association=kerek_unit)
    MembershipFactory()  # another association
    assert set(memberships_visible_to(pengurus)) == {direct, in_unit}


def test_sub_unit_officer_sees_only_their_unit(association, kerek_unit):
    unit_officer = OfficerFactory(association=kerek_unit).user
    MembershipFactory(association=association)
    in_unit = MembershipFactory(association=kerek_unit)
    assert list(memberships_visible_to(unit_officer)) == [in_unit]


def test_officer_whose_term_ended_sees_nothing(association):
    former = OfficerFactory(association=association, term_end="2025-06-30").user
    MembershipFactory(association=association)
    assert not memberships_visible_to(former).exists()


def test_member_list_shows_name_desa_status_and_completeness_but_no_personal_data(officer_client, association):
    business = BusinessFactory(name="Tenun Gedog Kerek", owner_name="Siti Rahayu", phone="+6281234567890")
    MembershipFactory(business=business, association=association)
    response = officer_client.get(reverse("organizations:member_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tenun Gedog Kerek" in content
    assert "Margorejo" in content
    assert "Aktif" in content
    assert "%" in content
    assert "Siti Rahayu" not in content
    assert "81234567890" not in content
    assert business.address not in content


def test_member_list_filters_by_status_unit_and_kecamatan(officer_client, association, kerek_unit):
    MembershipFactory(business=BusinessFactory(name="Usaha Aktif"), association=association)
    MembershipFactory(
        business=BusinessFactory(name="Usaha Diajukan"), association=kerek_unit, status="diajukan", member_number=""
    )
    url = reverse("organizations:member_list")
    content = officer_client.get(url, {"status": "diajukan"}).content.decode()
    assert "Usaha Diajukan" in content and "Usaha Aktif" not in content
    content = officer_client.get(url, {"unit": kerek_unit.pk}).content.decode()
    assert "Usaha Diajukan" in content and "Usaha Aktif" not in content
    other = Kecamatan.objects.exclude(name="Kerek").first()
    content = officer_client.get(url, {"kecamatan": other.pk}).content.decode()
    assert "Usaha Diajukan" not in content and "Usaha Aktif" not in content


def test_member_list_never_lists_another_associations_members(officer_client, association):
    MembershipFactory(business=BusinessFactory(name="Anggota Lain"))
    assert "Anggota Lain" not in officer_client.get(reverse("organizations:member_list")).content.decode()


@pytest.mark.parametrize("size", [3, 12])
def test_member_list_queries_do_not_grow_with_members(officer_client, association, size, django_assert_max_num_queries):
    for _ in range(size):
        membership = MembershipFactory(association=association)
        ProductFactory(business=membership.business)
    with django_assert_max_num_queries(16):
        response = officer_client.get(reverse("organizations:member_list"))
    assert response.status_code == 200


def test_approving_an_application_assigns_the_next_member_number(officer_client, association):
    MembershipFactory(association=association, member_number="00007")
    application = MembershipFactory(association=association, status="diajukan", member_number="")
    response = officer_client.post(reverse("organizations:member_approve", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert application.member_number == "00008"
    assert application.joined_on is not None


def test_rejecting_an_application_removes_it(officer_client, association):
    application = MembershipFactory(association=association, status="diajukan", member_number="")
    officer_client.post(reverse("organizations:member_reject", args=[application.pk]))
    assert not Membership.objects.filter(pk=application.pk).exists()


def test_rejecting_an_active_member_is_refused(officer_client, association):
    member = MembershipFactory(association=association)
    officer_client.post(reverse("organizations:member_reject", args=[member.pk]))
    assert Membership.objects.get(pk=member.pk).status == "aktif"


def test_officer_sets_a_member_nonaktif(officer_client, association):
    member = MembershipFactory(association=association)
    officer_client.post(reverse("organizations:member_deactivate", args=[member.pk]))
    member.refresh_from_db()
    assert member.status == Membership.Status.INACTIVE


@pytest.mark.parametrize("name", ["member_approve", "member_reject", "member_deactivate"])
def test_officer_cannot_touch_another_associations_member(officer_client, name):
    other = MembershipFactory(status="diajukan", member_number="")
    response = officer_client.post(reverse(f"organizations:{name}", args=[other.pk]))
    assert response.status_code == 404
    assert Membership.objects.get(pk=other.pk).status == "diajukan"


def test_sub_unit_officer_cannot_touch_umbrella_level_members(client, association, kerek_unit):
    client.force_login(OfficerFactory(association=kerek_unit).user)
    member = MembershipFactory(association=association)
    assert client.post(reverse("organizations:member_deactivate", args=[member.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("member_list", "get"),
        ("import_upload", "get"),
        ("import_template", "get"),
        ("import_confirm", "post"),
    ],
)
def test_owner_and_staff_get_403_on_officer_pages(client, pelaku, dinas, name, method):
    for user in (pelaku, dinas):
        client.force_login(user)
        assert getattr(client, method)(reverse(f"organizations:{name}")).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("organizations:member_list"))
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_owner_applies_to_join_and_can_withdraw(client, pelaku):
    association = AssociationFactory()
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    url = reverse("organizations:join", args=[business.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"association": association.pk})
    membership = Membership.objects.get(business=business)
    assert membership.status == Membership.Status.APPLIED
    client.post(url, {"association": association.pk})
    assert Membership.objects.filter(business=business).count() == 1
    client.post(reverse("organizations:leave", args=[membership.pk]))
    assert not Membership.objects.filter(business=business).exists()


def test_member_leaves_the_association(client, pelaku):
    business = pelaku.businesses.get()
    membership = MembershipFactory(business=business)
    client.force_login(pelaku)
    client.post(reverse("organizations:leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LEFT
    assert membership.left_on is not None


def test_owner_cannot_apply_for_another_owners_business(client, pelaku, other_pelaku):
    client.force_login(pelaku)
    business = other_pelaku.businesses.get()
    url = reverse("organizations:join", args=[business.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"association": AssociationFactory().pk}).status_code == 404
    assert not Membership.objects.exists()


def test_owner_cannot_end_another_owners_membership(client, pelaku, other_pelaku):
    membership = MembershipFactory(business=other_pelaku.businesses.get())
    client.force_login(pelaku)
    assert client.post(reverse("organizations:leave", args=[membership.pk])).status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == "aktif"


def test_officer_with_no_role_is_refused_even_with_a_user_account(client):
    client.force_login(UserFactory())
    assert client.get(reverse("organizations:member_list")).status_code == 403


# --- The URL x role matrix -----------------------------------------------------------------
#
# Targets sit directly under the umbrella that `pengurus` runs: the umbrella officer may act,
# the Kerek unit's officer and another association's officer get 404, everybody without a
# running officer role gets 403, and the anonymous visitor is sent to log in.

OFFICER_URLS = [
    # (url name, target membership, method, what the umbrella officer gets)
    ("member_list", None, "get", 200),
    ("member_detail", "active", "get", 200),
    ("member_approve", "applied", "post", 302),
    ("member_reject", "applied", "post", 302),
    ("member_deactivate", "active", "post", 302),
    ("member_reactivate", "inactive", "post", 302),
    ("member_invite", "active", "post", 200),
]
ROLES = ["anonymous", "pelaku", "dinas", "pimpinan", "former", "umbrella", "unit", "other"]
REFUSED = {"anonymous": 302, "pelaku": 403, "dinas": 403, "pimpinan": 403, "former": 403}


@pytest.fixture
def targets(association):
    return {
        "applied": MembershipFactory(association=association, status="diajukan", member_number=""),
        "active": MembershipFactory(association=association),  # unclaimed: no owner account
        "inactive": MembershipFactory(association=association, status="nonaktif"),
    }


@pytest.fixture
def users(request, association, kerek_unit):
    return {
        "anonymous": None,
        "pelaku": request.getfixturevalue("pelaku"),
        "dinas": request.getfixturevalue("dinas"),
        "pimpinan": request.getfixturevalue("pimpinan"),
        "former": OfficerFactory(association=association, term_end=date(2025, 6, 30)).user,
        "umbrella": request.getfixturevalue("pengurus"),
        "unit": OfficerFactory(association=kerek_unit).user,
        "other": OfficerFactory().user,
    }


def expected_status(role, url_name, allowed):
    if role in REFUSED:
        return REFUSED[role]
    if role == "umbrella" or url_name == "member_list":
        return allowed if role == "umbrella" else 200
    return 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url_name", "target", "method", "allowed"), OFFICER_URLS)
def test_url_role_matrix(client, users, targets, role, url_name, target, method, allowed):
    if users[role] is not None:
        client.force_login(users[role])
    membership = targets.get(target)
    url = reverse(f"organizations:{url_name}", args=[membership.pk] if membership else [])
    before = {m.pk: m.status for m in Membership.objects.all()}
    response = getattr(client, method)(url)
    expected = expected_status(role, url_name, allowed)
    assert response.status_code == expected, (role, url_name)
    if role == "anonymous":
        assert "/akun/" in response["Location"]
    if expected != allowed or role != "umbrella":
        # Every refused attempt leaves the memberships and invitations as they were.
        assert {m.pk: m.status for m in Membership.objects.all()} == before
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("url_name", ["member_approve", "member_reject", "member_deactivate", "member_reactivate"])
def test_officer_actions_refuse_get(officer_client, targets, url_name):
    membership = targets["applied"]
    assert officer_client.get(reverse(f"organizations:{url_name}", args=[membership.pk])).status_code == 405


def test_sub_unit_officer_manages_their_own_units_members(client, kerek_unit):
    client.force_login(OfficerFactory(association=kerek_unit).user)
    application = MembershipFactory(association=kerek_unit, status="diajukan", member_number="")
    assert client.get(reverse("organizations:member_detail", args=[application.pk])).status_code == 200
    client.post(reverse("organizations:member_approve", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE


def test_officer_whose_term_has_not_begun_has_no_access(client, association):
    future = OfficerFactory(association=association, term_start=timezone.localdate() + timedelta(days=1)).user
    member = MembershipFactory(association=association)
    client.force_login(future)
    assert client.get(reverse("organizations:member_list")).status_code == 403
    assert client.get(reverse("organizations:member_detail", args=[member.pk])).status_code == 403


def test_an_officer_cannot_approve_their_own_application(client, association):
    officer = OfficerFactory(association=association).user
    own = MembershipFactory(
        business=BusinessFactory(owner=officer), association=association, status="diajukan", member_number=""
    )
    client.force_login(officer)
    response = client.post(reverse("organizations:member_approve", args=[own.pk]))
    assert response.status_code == 403
    assert Membership.objects.get(pk=own.pk).status == "diajukan"
    page = client.get(reverse("organizations:member_detail", args=[own.pk])).content.decode()
    assert reverse("organizations:member_approve", args=[own.pk]) not in page
    assert "keputusan keanggotaannya diambil pengurus lain" in page


# --- Member list ---------------------------------------------------------------------------


def test_applications_wait_above_the_list_with_approve_and_reject_buttons(officer_client, association):
    application = MembershipFactory(
        business=BusinessFactory(name="Kerupuk Ikan Palang"),
        association=association,
        status="diajukan",
        member_number="",
    )
    MembershipFactory(business=BusinessFactory(name="Anggota Lama"), association=association)
    response = officer_client.get(reverse("organizations:member_list"))
    content = response.content.decode()
    panel = content[content.index("Pengajuan menunggu keputusan") : content.index('aria-label="Saring anggota"')]
    assert "Kerupuk Ikan Palang" in panel and "Anggota Lama" not in panel
    assert reverse("organizations:member_approve", args=[application.pk]) in panel
    assert reverse("organizations:member_reject", args=[application.pk]) in panel
    # The list below shows members only; the application is not listed twice.
    assert [row["pk"] for row in response.context["rows"]] == [Membership.objects.get(business__name="Anggota Lama").pk]


def test_member_list_shows_status_badges_and_completeness(officer_client, association):
    member = MembershipFactory(
        business=BusinessFactory(name="Usaha Nonaktif"), association=association, status="nonaktif"
    )
    score = Business.objects.with_profile_relations().get(pk=member.business_id).completeness().score
    content = officer_client.get(reverse("organizations:member_list")).content.decode()
    assert '<span class="badge text-bg-secondary">Nonaktif</span>' in content
    assert f'aria-valuenow="{score}"' in content and f"{score}%" in content


def test_member_list_searches_by_name_nib_and_member_number(officer_client, association):
    MembershipFactory(business=BusinessFactory(name="Legen Siwalan Jenu", nib="3523160000001"), association=association)
    MembershipFactory(business=BusinessFactory(name="Gerabah Rengel"), association=association, member_number="T-0456")
    url = reverse("organizations:member_list")
    for query, found, hidden in [
        ("siwalan", "Legen Siwalan Jenu", "Gerabah Rengel"),
        ("352316", "Legen Siwalan Jenu", "Gerabah Rengel"),
        ("0456", "Gerabah Rengel", "Legen Siwalan Jenu"),
    ]:
        content = officer_client.get(url, {"q": query}).content.decode()
        assert found in content and hidden not in content, query


def test_member_list_filters_by_completeness_band(officer_client, association):
    MembershipFactory(
        business=BusinessFactory(name="Data Minim", nib=None, kbli=None, investment=None, yearly_sales=None),
        association=association,
    )
    MembershipFactory(business=BusinessFactory(name="Data Sedang"), association=association)
    url = reverse("organizations:member_list")
    content = officer_client.get(url, {"band": "rendah"}).content.decode()
    assert "Data Minim" in content and "Data Sedang" not in content
    content = officer_client.get(url, {"band": "sedang"}).content.decode()
    assert "Data Sedang" in content and "Data Minim" not in content


def test_a_unit_from_another_association_is_not_a_valid_filter(officer_client, association):
    MembershipFactory(business=BusinessFactory(name="Anggota Kami"), association=association)
    other_unit = AssociationFactory()
    MembershipFactory(business=BusinessFactory(name="Anggota Mereka"), association=other_unit)
    response = officer_client.get(reverse("organizations:member_list"), {"unit": other_unit.pk})
    assert "unit" in response.context["form"].errors
    assert "Anggota Mereka" not in response.content.decode()


def test_pagination_keeps_the_filters(officer_client, association, kerek_unit):
    for number in range(55):
        MembershipFactory(business=BusinessFactory(name=f"Anyaman Bambu {number:02d}"), association=kerek_unit)
    response = officer_client.get(reverse("organizations:member_list"), {"unit": kerek_unit.pk, "q": "anyaman"})
    content = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2
    next_links = re.findall(r'href="\?([^"]*page=2)"', content)
    assert next_links
    assert all("q=anyaman" in link and f"unit={kerek_unit.pk}" in link for link in next_links)
    second = officer_client.get(
        reverse("organizations:member_list"), {"unit": kerek_unit.pk, "q": "anyaman", "page": 2}
    )
    assert len(second.context["rows"]) == 5


def test_an_action_from_the_list_returns_to_the_same_filters(officer_client, association):
    member = MembershipFactory(association=association)
    response = officer_client.post(
        reverse("organizations:member_deactivate", args=[member.pk]), {"query": "status=aktif&page=2"}
    )
    assert response["Location"] == reverse("organizations:member_list") + "?status=aktif&page=2"


def test_an_action_never_redirects_to_another_site(officer_client, association):
    member = MembershipFactory(association=association)
    response = officer_client.post(
        reverse("organizations:member_deactivate", args=[member.pk]), {"query": "//evil.example/"}
    )
    assert response["Location"].startswith(reverse("organizations:member_list") + "?")
    assert "//evil.example" not in response["Location"].split("?")[0]


@pytest.mark.parametrize("size", [4, 40])
def test_member_list_and_applications_keep_a_fixed_number_of_queries(
    officer_client, association, kerek_unit, size, django_assert_max_num_queries
):
    for number in range(size):
        membership = MembershipFactory(association=association if number % 2 else kerek_unit)
        ProductFactory(business=membership.business)
        MembershipFactory(association=association, status="diajukan", member_number="")
    url = reverse("organizations:member_list")
    # +1: the footer's contact details or the inbox count (base.html).
    with django_assert_max_num_queries(11):
        response = officer_client.get(url)
    assert len(response.context["rows"]) == size
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(12):
        officer_client.get(url, {"q": "Batik", "band": "sedang", "status": "semua", "unit": kerek_unit.pk})


# --- Member page ---------------------------------------------------------------------------


@pytest.fixture
def member_with_secrets(association, pelaku):
    """A member whose business carries everything only Dinas may see."""
    business = pelaku.businesses.get()
    business.name = "Nama Lama Usaha"
    business.save()
    business.name = "Batik Sekar Gedog"
    business.npwp = "013000666091000"
    business.owner_name = "Sri Wahyuni"
    business.email = "sri.wahyuni@example.id"
    business.phone = "+6281234567890"
    business.address = "Dusun Jarum RT 02 RW 01"
    business.investment = Decimal("48765000")
    business.yearly_sales = Decimal("312456000")
    business.land_building_value = Decimal("97531000")
    business.workers_male = 7
    business.workers_female = 23
    business.verification_status = Business.Verification.RETURNED
    business.verification_note = "Foto produk buram, mohon unggah ulang"
    business.fields_to_fix = ["npwp"]
    business.latitude, business.longitude = Decimal("-6.9512345"), Decimal("111.8954321")
    business.save()
    product = ProductFactory(business=business, name="Kain Gedog Biru")
    CertificationFactory(product=product, number="IDM000999888")
    NeedFactory(business=business, kind="permodalan", description="Butuh modal untuk alat tenun mesin")
    AssistanceFactory(business=business, programme="Hibah Mesin Jahit Disnakerin", value=Decimal("7654321"))
    return MembershipFactory(business=business, association=association, member_number="00042")


DINAS_ONLY = [
    "013000666091000",  # NPWP
    "013.000.666",
    "48765000",  # investment, in any spelling
    "48.765.000",
    "312456000",  # yearly sales
    "312.456.000",
    "97531000",  # land and buildings
    "97.531.000",
    "Foto produk buram",  # Dinas's note on the return
    "Hibah Mesin Jahit",  # assistance record
    "7.654.321",
    "Butuh modal untuk alat tenun",  # needs
    "Nama Lama Usaha",  # the review history (an earlier name)
    "-6.951",  # the map point
    "111.895",
    "Usaha kecil",  # size classes derived from the figures
    "Usaha mikro",
    "Industri kecil",
]


def test_member_page_shows_the_profile_and_the_owners_contact_details(officer_client, member_with_secrets):
    response = officer_client.get(reverse("organizations:member_detail", args=[member_with_secrets.pk]))
    content = response.content.decode()
    for shown in ["Batik Sekar Gedog", "00042", "Sri Wahyuni", "sri.wahyuni@example.id", "+6281234567890"]:
        assert shown in content, shown
    assert "Dusun Jarum RT 02 RW 01" in content
    assert "Kain Gedog Biru" in content
    assert "Dikembalikan untuk diperbaiki" in content  # the label, not the reasons


def test_member_page_lists_what_data_is_missing(officer_client, association):
    business = BusinessFactory(nib=None, year_started=None)
    member = MembershipFactory(business=business, association=association)
    response = officer_client.get(reverse("organizations:member_detail", args=[member.pk]))
    missing = [str(check.label) for check in response.context["completeness"].missing]
    expected = [
        str(check.label)
        for check in Business.objects.with_profile_relations().get(pk=business.pk).completeness().missing
    ]
    assert missing == expected
    assert "NIB" in missing and "Tahun mulai usaha" in missing
    content = response.content.decode()
    assert all(label in content for label in missing)


def test_officer_pages_never_show_what_only_dinas_may_see(officer_client, member_with_secrets, association):
    pages = [
        reverse("organizations:member_detail", args=[member_with_secrets.pk]),
        reverse("organizations:member_list"),
        reverse("organizations:member_list") + "?status=semua&q=Batik",
    ]
    for url in pages:
        content = officer_client.get(url).content.decode()
        for secret in DINAS_ONLY:
            assert secret not in content, (url, secret)
    # An invitation page too (the same member, once unclaimed).
    Business.objects.filter(pk=member_with_secrets.business_id).update(owner=None)
    content = officer_client.post(
        reverse("organizations:member_invite", args=[member_with_secrets.pk])
    ).content.decode()
    for secret in DINAS_ONLY:
        assert secret not in content, ("invite", secret)


def test_lists_show_no_contact_details(officer_client, member_with_secrets):
    content = officer_client.get(reverse("organizations:member_list")).content.decode()
    for personal in ["Sri Wahyuni", "sri.wahyuni@example.id", "81234567890", "Dusun Jarum"]:
        assert personal not in content


def test_member_page_keeps_a_fixed_number_of_queries(officer_client, association, django_assert_max_num_queries):
    member = MembershipFactory(association=association)
    for _ in range(8):
        product = ProductFactory(business=member.business)
        CertificationFactory(product=product)
        MarketAreaFactory(product=product)
    # +2: the inbox's unread count and Dinas's contact details in the footer (base.html).
    with django_assert_max_num_queries(12):
        assert officer_client.get(reverse("organizations:member_detail", args=[member.pk])).status_code == 200


# --- Invitation links ----------------------------------------------------------------------


def test_officer_makes_an_invitation_link_for_an_unclaimed_member_shown_once(officer_client, pengurus, association):
    member = MembershipFactory(association=association)
    url = reverse("organizations:member_detail", args=[member.pk])
    assert "Buat tautan undangan" in officer_client.get(url).content.decode()
    response = officer_client.post(reverse("organizations:member_invite", args=[member.pk]))
    assert response.status_code == 200
    link = response.context["invitation_url"]
    assert link.startswith("http://testserver/akun/klaim/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get(business=member.business)
    assert invitation.token_hash == Invitation.hash_token(token)
    assert invitation.created_by == pengurus
    content = response.content.decode()
    assert link in content
    assert f"https://wa.me/{member.business.phone.lstrip('+')}?text=" in content  # ready to send to the owner
    assert "Buat tautan undangan" not in content  # no second click that would void the link shown
    assert token not in officer_client.get(url).content.decode()  # never shown again


def test_a_claimed_member_gets_no_invitation_button_or_link(officer_client, association, pelaku):
    member = MembershipFactory(business=pelaku.businesses.get(), association=association)
    url = reverse("organizations:member_detail", args=[member.pk])
    assert "Buat tautan undangan" not in officer_client.get(url).content.decode()
    response = officer_client.post(reverse("organizations:member_invite", args=[member.pk]))
    assert response.status_code == 302
    assert not Invitation.objects.exists()


def test_invitation_links_are_only_for_the_officers_own_members(client, association, kerek_unit):
    client.force_login(OfficerFactory(association=kerek_unit).user)
    umbrella_member = MembershipFactory(association=association)
    other_member = MembershipFactory()
    for member in (umbrella_member, other_member):
        assert client.post(reverse("organizations:member_invite", args=[member.pk])).status_code == 404
    assert not Invitation.objects.exists()


def test_officer_reactivates_a_nonaktif_member_with_the_same_number(officer_client, association):
    member = MembershipFactory(association=association, status="nonaktif", member_number="00031")
    officer_client.post(reverse("organizations:member_reactivate", args=[member.pk]), {"next": "detail"})
    member.refresh_from_db()
    assert (member.status, member.member_number) == ("aktif", "00031")


# --- Navigation ----------------------------------------------------------------------------


def test_an_officer_sees_the_asosiasi_link_and_an_owner_does_not(client, pengurus, pelaku):
    link = f'href="{reverse("organizations:member_list")}"'
    client.force_login(pengurus)
    assert link in client.get(reverse("owner:business_list")).content.decode()
    client.force_login(pelaku)
    assert link not in client.get(reverse("owner:business_list")).content.decode()


def test_the_asosiasi_link_disappears_once_the_term_has_ended(client, pengurus):
    link = f'href="{reverse("organizations:member_list")}"'
    client.force_login(pengurus)
    pengurus.officer_roles.update(term_end=date(2025, 6, 30))
    assert client.get(reverse("organizations:member_list")).status_code == 403
    assert link not in client.get(reverse("owner:business_list")).content.decode()


def test_the_navigation_costs_owners_no_query(client, pelaku, pengurus, django_assert_max_num_queries):
    # The owner's overview keeps its budget of 8 (tests/registry) with the link and the card.
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    with django_assert_max_num_queries(8):
        client.get(reverse("owner:business_overview", args=[business.pk]))


# --- The owner's side ----------------------------------------------------------------------


def test_overview_card_invites_an_owner_who_is_not_a_member(client, pelaku):
    AssociationFactory()
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    content = client.get(reverse("owner:business_overview", args=[business.pk])).content.decode()
    assert "Keanggotaan asosiasi" in content
    assert reverse("organizations:join", args=[business.pk]) in content
    assert "Ajukan keanggotaan" in content


@pytest.mark.parametrize(
    ("status", "number", "shown"),
    [("diajukan", "", "Menunggu keputusan pengurus"), ("aktif", "00123", "00123"), ("nonaktif", "00124", "00124")],
)
def test_overview_card_shows_the_membership_status_and_number(client, pelaku, status, number, shown):
    business = pelaku.businesses.get()
    MembershipFactory(
        business=business,
        association=AssociationFactory(name="Asosiasi IKM Bumi Wali"),
        status=status,
        member_number=number,
    )
    client.force_login(pelaku)
    content = client.get(reverse("owner:business_overview", args=[business.pk])).content.decode()
    card = content[content.index("data-membership-card") :]
    assert "Asosiasi IKM Bumi Wali" in card and shown in card


def test_owner_chooses_a_sub_unit_and_sees_the_number_once_approved(client, pelaku, association, kerek_unit, pengurus):
    business = pelaku.businesses.get()
    client.force_login(pelaku)
    url = reverse("organizations:join", args=[business.pk])
    content = client.get(url).content.decode()
    assert "Unit Kerek" in content
    client.post(url, {"association": kerek_unit.pk})
    membership = Membership.objects.get(business=business)
    assert membership.association == kerek_unit and membership.umbrella == association
    assert "Nomor anggota" not in client.get(url).content.decode()
    services.membership_activate(membership=membership, by=pengurus)
    content = client.get(url).content.decode()
    assert membership.member_number in content
    # The owner read about it on their business list.
    assert "kini anggota" in client.get(reverse("owner:business_list")).content.decode()


def test_join_form_is_gone_while_an_application_is_open_and_a_second_post_is_refused(client, pelaku, association):
    business = pelaku.businesses.get()
    MembershipFactory(business=business, association=association, status="diajukan", member_number="")
    client.force_login(pelaku)
    url = reverse("organizations:join", args=[business.pk])
    response = client.get(url)
    assert response.context["can_apply"] is False
    assert 'name="association"' not in response.content.decode()
    response = client.post(url, {"association": association.pk}, follow=True)
    assert "sudah mengajukan diri" in response.content.decode()
    assert Membership.objects.filter(business=business).count() == 1


def test_an_inactive_member_cannot_apply_again_from_the_join_page(client, pelaku, association):
    business = pelaku.businesses.get()
    MembershipFactory(business=business, association=association, status="nonaktif")
    client.force_login(pelaku)
    client.post(reverse("organizations:join", args=[business.pk]), {"association": association.pk})
    assert Membership.objects.filter(business=business).count() == 1


def test_owner_cannot_leave_twice(client, pelaku, association):
    membership = MembershipFactory(business=pelaku.businesses.get(), association=association)
    client.force_login(pelaku)
    client.post(reverse("organizations:leave", args=[membership.pk]))
    response = client.post(reverse("organizations:leave", args=[membership.pk]), follow=True)
    assert "sudah keluar" in response.content.decode()


def test_an_officer_cannot_leave_for_a_member(officer_client, association):
    membership = MembershipFactory(association=association)
    assert officer_client.post(reverse("organizations:leave", args=[membership.pk])).status_code == 404
    assert Membership.objects.get(pk=membership.pk).status == "aktif"


def test_join_page_keeps_a_fixed_number_of_queries(client, pelaku, django_assert_max_num_queries):
    business = pelaku.businesses.get()
    for _ in range(6):
        MembershipFactory(business=business, status="keluar", left_on=date(2025, 7, 1))
        AssociationFactory()
    client.force_login(pelaku)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organizations:join", args=[business.pk])).status_code == 200


def test_officer_rejects_from_the_member_page_with_a_reason(officer_client, association, pelaku):
    application = MembershipFactory(
        business=pelaku.businesses.get(), association=association, status="diajukan", member_number=""
    )
    page = officer_client.get(reverse("organizations:member_detail", args=[application.pk])).content.decode()
    assert 'name="reason"' in page
    response = officer_client.post(
        reverse("organizations:member_reject", args=[application.pk]), {"reason": "Belum ada NIB.", "next": "detail"}
    )
    assert response["Location"] == reverse("organizations:member_list")  # the application is gone
    assert not Membership.objects.filter(pk=application.pk).exists()
    assert "Alasan: Belum ada NIB." in pelaku.notifications.get().message
