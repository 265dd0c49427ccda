"""The demand board: posting, ranking suppliers, offers and who may see and decide on them."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalogue import matching, services
from catalogue.models import Demand, Offer
from registry.models import Certification, CommodityGroup, Unit
from tests.factories import UserFactory, kbli
from tuban_ikm import roles

pytestmark = pytest.mark.django_db

BATIK = "Kain batik gedog"


def batik(capacity):
    return ((BATIK, CommodityGroup.BATIK, Unit.SHEET, capacity, "350000"),)


def make_demand(poster, **fields):
    values = {
        "title": "Kain batik tulis untuk seragam",
        "commodity": CommodityGroup.BATIK,
        "quantity": Decimal("100"),
        "unit": Unit.SHEET,
        "delivery_place": "Kantor Dinas Pendidikan",
        "delivery_kecamatan_id": "35.23.08",
        "buyer_name": "Dinas Pendidikan",
        "required_certifications": [Certification.Kind.MEREK],
        "posted_by": poster,
        **fields,
    }
    return Demand.objects.create(**values)


@pytest.fixture
def suppliers(publish):
    """Hand-made: A in Kerek (the delivery kecamatan), small, with a registered brand;
    B in Tambakboyo (a neighbour), large, with a brand; C in Palang (far), large, no brand;
    a terasi maker in Kerek who must not match at all."""
    a = publish(name="A Kerek", products=batik("40"), certifications=[Certification.Kind.MEREK])
    b = publish(
        name="B Tambakboyo", desa_code="35.23.06.2008", products=batik("150"), certifications=[Certification.Kind.MEREK]
    )
    c = publish(name="C Palang", desa_code="35.23.18.2002", products=batik("150"))
    publish(
        name="Terasi Kerek",
        products=(("Terasi udang", CommodityGroup.FOOD, Unit.KG, "500", "60000"),),
        kbli=kbli("10215"),
    )
    return a, b, c


@pytest.fixture
def demand(buyer):
    return make_demand(buyer)


def test_suppliers_are_ranked_with_their_reasons(suppliers, demand):
    ranked = matching.rank_suppliers(demand)
    assert [m.business.name for m in ranked] == ["B Tambakboyo", "A Kerek", "C Palang"]
    assert [m.score for m in ranked] == [85, 75, 70]
    reasons = {m.business.name: [r.text for r in m.reasons] for m in ranked}
    assert "Kecamatan tetangga (Tambakboyo)" in reasons["B Tambakboyo"]
    assert "Satu kecamatan dengan tempat pengiriman (Kerek)" in reasons["A Kerek"]
    assert "Belum memiliki Merek (DJKI)" in reasons["C Palang"]
    assert any("40 lembar/bulan (40% dari jumlah)" in text for text in reasons["A Kerek"])


def test_a_large_quantity_gets_a_group_of_suppliers(suppliers, buyer):
    demand = make_demand(buyer, quantity=Decimal("300"))
    ranked = matching.rank_suppliers(demand)
    group = matching.suggest_group(demand, ranked)
    assert [m.business.name for m in group.members] == ["B Tambakboyo", "A Kerek", "C Palang"]
    assert group.capacity == 340 and group.covers
    small = make_demand(buyer, quantity=Decimal("100"))
    assert matching.suggest_group(small, matching.rank_suppliers(small)) is None


def test_kbli_match_counts(suppliers, buyer):
    demand = make_demand(buyer, kbli=kbli("13134"), commodity=CommodityGroup.OTHER_CRAFT, title="Seragam")
    ranked = matching.rank_suppliers(demand)
    assert {m.business.name for m in ranked} == {"A Kerek", "B Tambakboyo", "C Palang"}
    assert "KBLI sama (13134)" in [r.text for r in ranked[0].reasons]


def test_buyer_posts_a_need_and_an_owner_cannot(client, buyer, pelaku):
    data = {
        "title": "Keripik singkong",
        "commodity": "makanan_minuman",
        "quantity": "1.500",
        "unit": "bungkus",
        "needed_by": "2030-01-31",
        "delivery_place": "Pendopo Kabupaten",
        "delivery_kecamatan": "35.23.16",
        "budget_min": "Rp 1.000.000",
        "budget_max": "2.000.000",
        "required_certifications": ["pirt", "halal"],
        "buyer_name": "Bagian Umum Setda",
    }
    client.force_login(pelaku)
    assert client.get(reverse("demand:create")).status_code == 403
    client.force_login(buyer)
    response = client.post(reverse("demand:create"), data)
    demand = Demand.objects.get()
    assert response.status_code == 302 and response.url == reverse("demand:detail", args=[demand.pk])
    assert demand.quantity == 1500 and demand.budget_min == 1000000
    assert demand.required_certifications == ["pirt", "halal"] and demand.posted_by == buyer


def test_anonymous_visitors_are_sent_to_log_in(client, demand):
    for url in (reverse("demand:list"), reverse("demand:detail", args=[demand.pk]), reverse("demand:create")):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/" in response.url


def offer_data(business, price="300.000"):
    return {"business": business.pk, "quantity": "30", "price": price, "lead_time_days": "14", "note": ""}


def test_owner_offers_only_for_their_own_business(client, pelaku, other_pelaku, demand):
    mine, theirs = pelaku.businesses.get(), other_pelaku.businesses.get()
    client.force_login(pelaku)
    response = client.post(reverse("demand:detail", args=[demand.pk]), offer_data(theirs))
    assert response.status_code == 200 and not Offer.objects.exists()
    with pytest.raises(PermissionDenied):
        services.offer_submit(demand=demand, business=theirs, user=pelaku, quantity=1, price=1, lead_time_days=1)
    response = client.post(reverse("demand:detail", args=[demand.pk]), offer_data(mine))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.business == mine and offer.price == 300000 and offer.created_by == pelaku
    # Sending again updates the same offer.
    client.post(reverse("demand:detail", args=[demand.pk]), offer_data(mine, price="290.000"))
    assert Offer.objects.get().price == 290000


def test_a_user_without_a_business_cannot_offer(client, buyer, demand):
    stranger = UserFactory(username="tamu")
    client.force_login(stranger)
    assert client.post(reverse("demand:detail", args=[demand.pk]), {"quantity": "1"}).status_code == 403


def test_only_the_poster_and_staff_see_offers_and_mark_them_taken(client, pelaku, other_pelaku, buyer, dinas, pimpinan):
    demand = make_demand(buyer)
    offer = services.offer_submit(
        demand=demand,
        business=pelaku.businesses.get(),
        user=pelaku,
        quantity=Decimal("30"),
        price=Decimal("312345"),
        lead_time_days=10,
    )
    detail = reverse("demand:detail", args=[demand.pk])
    take = reverse("demand:offer_taken", args=[demand.pk, offer.pk])
    other_buyer = UserFactory(username="pembeli2", groups=[roles.PEMBELI])
    for outsider in (other_pelaku, other_buyer):
        client.force_login(outsider)
        assert "312.345" not in client.get(detail).content.decode()
        assert client.post(take).status_code == 403
    client.force_login(pimpinan)
    assert "312.345" in client.get(detail).content.decode()
    assert client.post(take).status_code == 403
    client.force_login(buyer)
    assert "312.345" in client.get(detail).content.decode()
    assert client.post(take, {"taken": "1"}).status_code == 302
    offer.refresh_from_db()
    assert offer.taken
    client.force_login(dinas)
    assert client.post(take, {"taken": "0"}).status_code == 302
    offer.refresh_from_db()
    assert not offer.taken
    # An offer of another demand is not reachable through this one.
    other = make_demand(buyer, title="Lain")
    assert client.post(reverse("demand:offer_taken", args=[other.pk, offer.pk])).status_code == 404


def test_closed_needs_stay_on_record_and_take_no_offers(client, pelaku, buyer, demand):
    client.force_login(pelaku)
    assert client.post(reverse("demand:close", args=[demand.pk])).status_code == 403
    client.force_login(buyer)
    client.post(reverse("demand:close", args=[demand.pk]))
    demand.refresh_from_db()
    assert demand.status == Demand.Status.CLOSED and demand.closed_at
    assert demand in client.get(reverse("demand:list"), {"status": "ditutup"}).context["page"].object_list
    client.force_login(pelaku)
    response = client.post(reverse("demand:detail", args=[demand.pk]), offer_data(pelaku.businesses.get()))
    assert response.status_code == 403 and not Offer.objects.exists()


def test_owner_dashboard_lists_matching_needs(client, pelaku, buyer, django_assert_max_num_queries):
    from tests.factories import ProductFactory

    ProductFactory(business=pelaku.businesses.get())  # batik
    make_demand(buyer, title="Batik untuk seragam guru")
    make_demand(buyer, title="Keripik untuk rapat", commodity=CommodityGroup.FOOD, unit=Unit.PACK)
    client.force_login(pelaku)
    html = client.get(reverse("owner:business_list")).content.decode()
    assert "Permintaan yang cocok" in html
    assert "Batik untuk seragam guru" in html and "Keripik untuk rapat" not in html


def test_staff_summary_compares_demand_with_production(client, suppliers, demand, dinas, pelaku):
    client.force_login(pelaku)
    assert client.get(reverse("demand:summary")).status_code == 403
    client.force_login(dinas)
    rows = client.get(reverse("demand:summary")).context["rows"]
    row = next(r for r in rows if r["commodity"] == "kain_batik")
    assert row["asked"] == 100 and row["capacity"] == 340 and row["businesses"] == 3 and not row["gap"]


@pytest.mark.parametrize("size", [2, 10])
def test_demand_pages_use_a_bounded_number_of_queries(client, publish, buyer, size, django_assert_max_num_queries):
    owners = []
    for n in range(size):
        owner = UserFactory(username=f"pemilik{n}")
        owners.append(owner)
        publish(name=f"Batik {n}", products=batik("10"), certifications=[Certification.Kind.MEREK], owner=owner)
    demand = make_demand(buyer)
    for n, owner in enumerate(owners):
        services.offer_submit(
            demand=demand, business=owner.businesses.get(), user=owner, quantity=5, price=1000 + n, lead_time_days=3
        )
        make_demand(buyer, title=f"Batik {n}")
    client.force_login(buyer)
    with django_assert_max_num_queries(12):
        client.get(reverse("demand:detail", args=[demand.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("demand:list"))
    client.force_login(owners[0])
    with django_assert_max_num_queries(14):
        client.get(reverse("owner:business_list"))
