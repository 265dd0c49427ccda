"""Products reach buyers: demand alerts to matched owners, offer decisions, OVOP product
ratings on the product, village and catalogue pages, katalog lokal proposals and the
"Asal produk" column, and the product's share link and QR code."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from catalogue import services
from catalogue.models import Demand, EkatalogProposal, Offer, ProductAssessment, PublishedProduct
from registry.models import Certification, CommodityGroup, RawMaterial, Unit
from tests.factories import UserFactory
from tuban_ikm import roles
from tuban_ikm.models import OutboundEmail

pytestmark = pytest.mark.django_db

BATIK = (("Kain batik gedog", CommodityGroup.BATIK, Unit.SHEET, "40", "350000"),)
TERASI = (("Terasi udang", CommodityGroup.FOOD, Unit.KG, "500", "60000"),)


def demand_fields(**fields):
    return {
        "title": "Kain batik tulis untuk seragam",
        "commodity": CommodityGroup.BATIK,
        "quantity": Decimal("100"),
        "unit": Unit.SHEET,
        "delivery_place": "Kantor Dinas Pendidikan",
        "buyer_name": "Dinas Pendidikan",
        **fields,
    }


@pytest.fixture
def assessor(db):
    return UserFactory(username="penilai", groups=[roles.PENILAI_OVOP])


@pytest.fixture
def owner(db):
    return UserFactory(username="siti", email="siti@example.id", groups=[roles.PELAKU_IKM])


# --- Demand alerts -----------------------------------------------------------------------------


def test_a_new_demand_notifies_matching_owners_on_site_and_by_email(client, buyer, owner, publish, settings):
    settings.SITE_URL = "https://ikm.tubankab.go.id"
    publish(name="Batik Sekar", products=BATIK, owner=owner)
    terasi_owner = UserFactory(username="terasi", groups=[roles.PELAKU_IKM])
    publish(name="Terasi Gadon", products=TERASI, owner=terasi_owner)
    client.force_login(buyer)
    data = {**demand_fields(), "quantity": "100", "delivery_kecamatan": ""}
    response = client.post(reverse("demand:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    demand = Demand.objects.get()
    notice = Notification.objects.get(recipient=owner, url__contains="/permintaan/")
    assert "Kain batik tulis untuk seragam" in notice.message and "Batik Sekar" in notice.message
    assert notice.url == f"https://ikm.tubankab.go.id/permintaan/{demand.pk}/#tawar"
    assert not Notification.objects.filter(recipient=terasi_owner, url__contains="/permintaan/").exists()
    email = OutboundEmail.objects.get(kind="demand_match")
    assert email.to == ["siti@example.id"] and notice.url in email.body


def test_without_site_url_the_link_comes_from_the_request(client, buyer, owner, publish, settings):
    settings.SITE_URL = ""
    publish(name="Batik Sekar", products=BATIK, owner=owner)
    client.force_login(buyer)
    client.post(reverse("demand:create"), {**demand_fields(), "quantity": "100"})
    assert Notification.objects.get(recipient=owner, url__contains="/permintaan/").url.startswith(
        "http://testserver/permintaan/"
    )


def test_alerts_are_capped_and_written_in_a_fixed_number_of_queries(buyer, publish, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def post():
        with CaptureQueriesContext(connection) as queries:
            services.demand_create(user=buyer, site="https://x.id", **demand_fields())
        return len(queries)

    def owner_with_batik(n):
        user = UserFactory(username=f"pemilik{n}", groups=[roles.PELAKU_IKM])
        product = (("Kain batik", CommodityGroup.BATIK, Unit.SHEET, str(10 + n), "1"),)
        publish(name=f"Batik {n}", products=product, owner=user)

    monkeypatch.setattr(services, "NOTIFY_LIMIT", 3)
    buyer.has_perm("catalogue.add_demand")  # the permission cache is read once per user
    owner_with_batik(0)
    one = post()
    for n in range(1, 5):
        owner_with_batik(n)
    Notification.objects.all().delete()
    many = post()
    assert many == one <= 16, (one, many)
    # The best-stocked three (the ranking of catalogue.matching), never the others.
    alerts = Notification.objects.filter(url__contains="/permintaan/")
    notified = set(alerts.values_list("recipient__username", flat=True))
    assert notified == {"pemilik2", "pemilik3", "pemilik4"}


def test_the_poster_is_not_alerted_of_their_own_demand(owner, publish):
    owner.groups.add(*roles_groups(roles.PEMBELI))
    publish(name="Batik Sekar", products=BATIK, owner=owner)
    services.demand_create(user=owner, **demand_fields())
    assert not Notification.objects.filter(url__contains="/permintaan/").exists()


def roles_groups(*names):
    from django.contrib.auth.models import Group

    return Group.objects.filter(name__in=names)


# --- Offer decisions ---------------------------------------------------------------------------


@pytest.fixture
def offer(buyer, owner, publish):
    business = publish(name="Batik Sekar", products=BATIK, owner=owner)
    demand = Demand.objects.create(posted_by=buyer, **demand_fields())
    return Offer.objects.create(demand=demand, business=business, quantity=50, price=300000, lead_time_days=7)


def test_the_owner_hears_when_the_offer_is_taken_or_declined(client, buyer, owner, offer):
    client.force_login(buyer)
    url = reverse("demand:offer_taken", args=[offer.demand_id, offer.pk])
    assert client.post(url, {"keputusan": "declined"}).status_code == 302
    offer.refresh_from_db()
    assert offer.declined and not offer.taken and offer.decided_at
    notice = Notification.objects.get(recipient=owner, url__contains="/permintaan/")
    assert "tidak dipilih" in notice.message and notice.url.endswith(f"/permintaan/{offer.demand_id}/")
    client.post(url, {"keputusan": ""})
    client.post(url, {"keputusan": "taken"})
    offer.refresh_from_db()
    assert offer.taken and not offer.declined
    assert "diambil" in Notification.objects.filter(recipient=owner, url__contains="/permintaan/").first().message
    assert OutboundEmail.objects.filter(kind="offer_decision", to=["siti@example.id"]).count() == 2
    client.force_login(owner)
    page = client.get(reverse("demand:detail", args=[offer.demand_id])).content.decode()
    assert "Diambil pemesan" in page


def test_only_the_poster_or_staff_decide_an_offer(client, owner, other_pelaku, offer):
    url = reverse("demand:offer_taken", args=[offer.demand_id, offer.pk])
    for user in (owner, other_pelaku):
        client.force_login(user)
        assert client.post(url, {"keputusan": "declined"}).status_code == 403
    offer.refresh_from_db()
    assert not offer.declined and not Notification.objects.filter(url__contains="/permintaan/").exists()


def test_a_closed_demand_takes_no_new_decision(client, buyer, offer):
    Demand.objects.filter(pk=offer.demand_id).update(status=Demand.Status.CLOSED)
    client.force_login(buyer)
    response = client.post(
        reverse("demand:offer_taken", args=[offer.demand_id, offer.pk]), {"keputusan": "taken"}, follow=True
    )
    assert "sudah ditutup" in response.content.decode()
    offer.refresh_from_db()
    assert not offer.taken


# --- OVOP product ratings ----------------------------------------------------------------------


def rating(**scores):
    values = {"quality": 5, "local_origin": 5, "capacity": 4, "market": 4, "packaging": 4}
    values.update(scores)
    return {
        "year": str(timezone.localdate().year),
        **{name: str(value) for name, value in values.items()},
        "assessors": "Tim Penilai OVOP Kabupaten Tuban",
        "assessed_on": timezone.localdate().isoformat(),
        "note": "",
    }


@pytest.mark.parametrize(
    ("scores", "total", "stars"),
    [
        ({"quality": 5, "local_origin": 5, "capacity": 5, "market": 5, "packaging": 5}, 100, 5),
        ({"quality": 5, "local_origin": 5, "capacity": 4, "market": 4, "packaging": 4}, 91, 5),
        ({"quality": 4, "local_origin": 5, "capacity": 4, "market": 4, "packaging": 4}, 84, 4),
        ({"quality": 3, "local_origin": 3, "capacity": 3, "market": 3, "packaging": 2}, 58, 3),
        ({"quality": 2, "local_origin": 3, "capacity": 2, "market": 2, "packaging": 2}, 44, 2),
        ({"quality": 4, "local_origin": 4, "capacity": 4, "market": 4, "packaging": 4}, 80, 4),
        ({"quality": 3, "local_origin": 3, "capacity": 3, "market": 3, "packaging": 3}, 60, 3),
        ({"quality": 2, "local_origin": 2, "capacity": 2, "market": 2, "packaging": 2}, 40, 2),
        ({"quality": 1, "local_origin": 1, "capacity": 1, "market": 1, "packaging": 1}, 20, 1),
    ],
)
def test_stars_follow_the_weighted_total_with_ocop_bands(scores, total, stars):
    assessment = ProductAssessment(**scores)
    assert assessment.compute_total() == total
    assert ProductAssessment.stars_for(total) == stars


def test_an_assessor_rates_a_product_and_the_village_product_and_catalogue_show_it(client, assessor, publish):
    business = publish(name="Batik Sekar", products=BATIK)
    published = PublishedProduct.objects.get(business__business=business)
    client.force_login(assessor)
    form_url = reverse("catalogue:product_assess", args=[published.pk])
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, rating())
    assert response.status_code == 302
    assessment = ProductAssessment.objects.get()
    assert (assessment.stars, assessment.total, assessment.assessed_by) == (5, 91, assessor)
    client.logout()
    desa_page = client.get(reverse("desa:detail", args=[published.desa_id])).content.decode()
    assert "Produk berbintang OVOP" in desa_page and 'data-stars="5"' in desa_page
    product_page = client.get(reverse("catalogue:product", args=[published.pk])).content.decode()
    assert (
        f"Penilaian produk OVOP {timezone.localdate().year}" in product_page
        and "Tim Penilai OVOP Kabupaten Tuban" in product_page
    )
    # Saving the same year again corrects it, no second row.
    client.force_login(assessor)
    client.post(form_url, rating(quality=3, local_origin=3, capacity=3, market=3, packaging=3))
    assert ProductAssessment.objects.get().stars == 3


def test_people_who_are_not_assessors_cannot_rate(client, dinas, pimpinan, pelaku, buyer, publish):
    published = PublishedProduct.objects.get(business__business=publish(products=BATIK))
    url = reverse("catalogue:product_assess", args=[published.pk])
    assert client.post(url, rating()).status_code == 302  # visitor: the login page
    for user in (dinas, pimpinan, pelaku, buyer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, rating()).status_code == 403
        assert (
            "Nilai produk (OVOP)" not in client.get(reverse("catalogue:product", args=[published.pk])).content.decode()
        )
    assert not ProductAssessment.objects.exists()


def test_a_bad_score_is_named_next_to_its_field_and_nothing_is_saved(client, assessor, publish):
    published = PublishedProduct.objects.get(business__business=publish(products=BATIK))
    client.force_login(assessor)
    response = client.post(
        reverse("catalogue:product_assess", args=[published.pk]), {**rating(quality=9), "assessors": ""}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "quality" in errors and "assessors" in errors
    assert not ProductAssessment.objects.exists()


def test_a_rating_cannot_be_dated_in_the_future(client, assessor, publish):
    published = PublishedProduct.objects.get(business__business=publish(products=BATIK))
    client.force_login(assessor)
    next_year = timezone.localdate().year + 1
    data = {**rating(), "year": str(next_year), "assessed_on": f"{next_year}-01-02"}
    response = client.post(reverse("catalogue:product_assess", args=[published.pk]), data)
    errors = response.context["form"].errors
    assert errors["year"] == ["Tahun penilaian belum tiba."]
    assert errors["assessed_on"] == ["Tanggal penilaian tidak boleh di masa depan."]
    assert not ProductAssessment.objects.exists()


def test_ratings_of_unverified_products_are_not_public(client, publish, verifier):
    from tests.factories import BusinessFactory, ProductFactory

    hidden = ProductFactory(business=BusinessFactory(name="Belum Verifikasi"))
    ProductAssessment.objects.create(
        product=hidden,
        year=2026,
        quality=5,
        local_origin=5,
        capacity=5,
        market=5,
        packaging=5,
        assessors="Tim",
        assessed_on=date(2026, 11, 1),
    )
    page = client.get(reverse("desa:detail", args=[hidden.business.desa_id])).content.decode()
    assert "Belum Verifikasi" not in page and "Produk berbintang OVOP" not in page
    listing = client.get(reverse("catalogue:list"), {"bintang": "1"})
    assert listing.context["page"].paginator.count == 0


def test_the_catalogue_filters_by_minimum_stars(client, publish, django_assert_max_num_queries):
    for name, stars_score in (("Lima", 5), ("Empat", 4), ("Tiga", 3)):
        business = publish(name=name, products=((f"Batik {name}", CommodityGroup.BATIK, Unit.SHEET, "40", "1"),))
        score = {field: stars_score for field in ProductAssessment.CRITERIA}
        ProductAssessment.objects.create(
            product=business.products.get(), year=2026, assessors="Tim", assessed_on=date(2026, 11, 1), **score
        )
    publish(name="Tanpa Bintang", products=BATIK)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("catalogue:list"), {"bintang": "4"})
    names = [product.business.name for product in response.context["page"].object_list]
    assert sorted(names) == ["Empat", "Lima"]
    assert client.get(reverse("catalogue:list")).context["page"].paginator.count == 4


def test_the_latest_year_is_the_rating_shown(client, publish):
    business = publish(products=BATIK)
    product = business.products.get()
    for year, score in ((2024, 5), (2026, 2)):
        ProductAssessment.objects.create(
            product=product,
            year=year,
            assessors="Tim",
            assessed_on=date(year, 6, 1),
            **{field: score for field in ProductAssessment.CRITERIA},
        )
    published = PublishedProduct.objects.get(business__business=business)
    page = client.get(reverse("catalogue:product", args=[published.pk])).content.decode()
    assert "Penilaian produk OVOP 2026" in page and 'data-stars="2"' in page
    assert client.get(reverse("catalogue:list"), {"bintang": "3"}).context["page"].paginator.count == 0


def test_rated_pages_keep_their_query_counts(client, publish, django_assert_max_num_queries):
    businesses = [publish(name=f"Batik {n}", products=BATIK) for n in range(3)]
    for business in businesses:
        ProductAssessment.objects.create(
            product=business.products.get(),
            year=2026,
            assessors="Tim",
            assessed_on=date(2026, 1, 1),
            **{field: 4 for field in ProductAssessment.CRITERIA},
        )
    published = PublishedProduct.objects.filter(business__business=businesses[0]).get()
    # +1: Dinas's contact details in the footer.
    with django_assert_max_num_queries(10):
        assert client.get(reverse("desa:detail", args=[published.desa_id])).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("catalogue:product", args=[published.pk])).status_code == 200


# --- Share link and QR code --------------------------------------------------------------------


def test_the_product_page_has_a_share_link_and_a_qr_code_to_download(client, publish, settings):
    settings.SITE_URL = "https://ikm.tubankab.go.id"
    published = PublishedProduct.objects.get(business__business=publish(name="Batik Sekar", products=BATIK))
    page = client.get(reverse("catalogue:product", args=[published.pk])).content.decode()
    link = f"https://ikm.tubankab.go.id/katalog/produk/{published.pk}/"
    assert f'value="{link}"' in page
    assert "https://wa.me/?text=" in page and "ikm.tubankab.go.id%2Fkatalog%2Fproduk" in page
    assert "<svg" in page
    png = client.get(reverse("catalogue:product_qr", args=[published.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert png["Content-Disposition"] == f'attachment; filename="qr-produk-{published.pk}.png"'
    svg = client.get(reverse("catalogue:product_qr", args=[published.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(reverse("catalogue:product_qr", args=[published.pk, "gif"])).status_code == 404


# --- Katalog lokal: Asal produk and proposals ----------------------------------------------------


@pytest.fixture
def ready(publish):
    """A product that passes the katalog lokal checklist (TKDN included)."""
    counter = iter(range(100))

    def build(name):
        business = publish(
            name=name,
            nib=f"12345678901{next(counter):02d}",
            npwp="013000666091000",
            certifications=[Certification.Kind.MEREK, Certification.Kind.TKDN],
            photo=True,
        )
        product = business.products.get()
        product.sku = f"SKU-{name}"
        product.save()
        return product

    return build


def export_rows(client):
    response = client.get(reverse("catalogue:ekatalog_export"))
    rows = list(openpyxl.load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def material(product, name, origin):
    return RawMaterial.objects.create(product=product, name=name, origin=origin)


def test_asal_produk_comes_from_the_tkdn_certificate_and_the_raw_materials(client, dinas, ready):
    local = ready("Bahan Lokal")
    material(local, "Kapas", RawMaterial.Origin.SAME_KECAMATAN)
    material(local, "Pewarna alam", RawMaterial.Origin.SAME_DESA)
    mixed = ready("Bahan Campur")
    material(mixed, "Benang", RawMaterial.Origin.OUTSIDE)
    material(mixed, "Malam", RawMaterial.Origin.KABUPATEN)
    ready("Belum Dicatat")
    client.force_login(dinas)
    rows = export_rows(client)
    assert rows["Bahan Lokal"]["Asal produk"] == "Produk dalam negeri, TKDN 40%, bahan baku 100% dari Kabupaten Tuban"
    assert rows["Bahan Lokal"]["Bahan baku dari Tuban (%)"] == 100
    assert rows["Bahan Campur"]["Asal produk"] == "Produk dalam negeri, TKDN 40%, bahan baku 50% dari Kabupaten Tuban"
    assert rows["Bahan Campur"]["Bahan baku dari Tuban (%)"] == 50
    assert rows["Belum Dicatat"]["Asal produk"] == "Produk dalam negeri, TKDN 40%"
    assert rows["Belum Dicatat"]["Bahan baku dari Tuban (%)"] is None


def test_asal_produk_without_tkdn_or_materials_says_so_on_the_list(client, dinas, publish):
    publish(name="Tanpa Data", products=BATIK)
    client.force_login(dinas)
    page = client.get(reverse("catalogue:ekatalog")).content.decode()
    assert "Produk dalam negeri (asal bahan baku belum dicatat)" in page


def test_a_product_is_proposed_accepted_and_listed_with_dates_and_who(client, dinas, ready):
    product = ready("Batik Siap")
    client.force_login(dinas)
    url = reverse("catalogue:ekatalog_proposal", args=[product.pk])
    for status in ("diusulkan", "diterima", "tayang"):
        assert client.post(url, {"status": status}).status_code == 302
    proposal = EkatalogProposal.objects.get()
    assert proposal.status == EkatalogProposal.Status.LISTED
    assert proposal.proposed_by == proposal.accepted_by == proposal.listed_by == dinas
    assert proposal.proposed_at <= proposal.accepted_at <= proposal.listed_at
    page = client.get(reverse("catalogue:ekatalog")).content.decode()
    assert 'data-proposal="tayang"' in page and "Tayang di katalog lokal" in page
    ready("Belum Diusulkan")
    proposed = client.get(reverse("catalogue:ekatalog"), {"usulan": "1"}).context["rows"]
    assert [row[0].business.name for row in proposed] == ["Batik Siap"]
    row = export_rows(client)["Batik Siap"]
    assert row["Status usulan UKPBJ"] == "Tayang di katalog lokal"
    assert row["Tanggal diusulkan"] == row["Tanggal tayang"] == timezone.localdate(proposal.listed_at).isoformat()


def test_proposal_steps_go_forward_only_and_need_a_ready_product(client, dinas, ready, publish):
    product = ready("Batik Siap")
    client.force_login(dinas)
    url = reverse("catalogue:ekatalog_proposal", args=[product.pk])
    response = client.post(url, {"status": "tayang"}, follow=True)
    assert "belum diusulkan" in response.content.decode() and not EkatalogProposal.objects.exists()
    client.post(url, {"status": "diusulkan"})
    response = client.post(url, {"status": "tayang"}, follow=True)
    assert "tidak dapat diubah" in response.content.decode()
    assert EkatalogProposal.objects.get().status == "diusulkan"
    client.post(url, {"status": "ditolak"})
    client.post(url, {"status": "diusulkan"})  # proposed again after a rejection
    proposal = EkatalogProposal.objects.get()
    assert proposal.status == "diusulkan" and proposal.rejected_at is None
    not_ready = publish(name="Belum Lengkap", products=BATIK).products.get()
    response = client.post(
        reverse("catalogue:ekatalog_proposal", args=[not_ready.pk]), {"status": "diusulkan"}, follow=True
    )
    assert "Hanya produk yang lengkap" in response.content.decode()
    assert not EkatalogProposal.objects.filter(product=not_ready).exists()


def test_only_staff_record_proposals(client, pimpinan, pelaku, buyer, ready):
    product = ready("Batik Siap")
    url = reverse("catalogue:ekatalog_proposal", args=[product.pk])
    assert client.post(url, {"status": "diusulkan"}).status_code == 302  # the login page
    for user in (pimpinan, pelaku, buyer):
        client.force_login(user)
        assert client.post(url, {"status": "diusulkan"}).status_code == 403
    assert not EkatalogProposal.objects.exists()
    client.force_login(pimpinan)
    assert "Usulkan ke UKPBJ" not in client.get(reverse("catalogue:ekatalog")).content.decode()


def test_the_ekatalog_list_keeps_its_query_count(client, dinas, ready, django_assert_max_num_queries):
    client.force_login(dinas)
    for n in range(3):
        product = ready(f"Batik {n}")
        material(product, "Kapas", RawMaterial.Origin.KABUPATEN)
        services.proposal_record(product=product, user=dinas, status="diusulkan")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("catalogue:ekatalog")).status_code == 200


def test_in_the_admin_dinas_reads_ratings_and_only_assessors_add_them(client, dinas, publish):
    product = publish(products=BATIK).products.get()
    ProductAssessment.objects.create(
        product=product,
        year=2025,
        assessors="Tim",
        assessed_on=date(2025, 6, 1),
        **{field: 3 for field in ProductAssessment.CRITERIA},
    )
    client.force_login(dinas)
    assert client.get(reverse("admin:catalogue_productassessment_changelist")).status_code == 200
    assert client.get(reverse("admin:catalogue_productassessment_add")).status_code == 403
    panel_member = UserFactory(username="dinas_penilai", is_staff=True, groups=[roles.STAF_DINAS, roles.PENILAI_OVOP])
    client.force_login(panel_member)
    data = {"product": product.pk, **rating()}
    response = client.post(reverse("admin:catalogue_productassessment_add"), data)
    assert response.status_code == 302
    added = ProductAssessment.objects.get(year=timezone.localdate().year)
    assert (added.total, added.stars, added.assessed_by) == (91, 5, panel_member)


def test_the_assessors_desk_lists_products_with_their_stars(
    client, assessor, dinas, publish, django_assert_max_num_queries
):
    rated = publish(name="Sudah", products=BATIK).products.get()
    ProductAssessment.objects.create(
        product=rated,
        year=2026,
        assessors="Tim",
        assessed_on=date(2026, 6, 1),
        **{field: 4 for field in ProductAssessment.CRITERIA},
    )
    publish(name="Belum", products=BATIK)
    url = reverse("catalogue:assessments")
    client.force_login(dinas)
    assert client.get(url).status_code == 403
    client.force_login(assessor)
    # +2: the layout's unread-notice count and Dinas's contact details in the footer.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert {p.business.name for p in response.context["page"].object_list} == {"Sudah", "Belum"}
    only_rated = client.get(url, {"dinilai": "1"}).context["page"].object_list
    assert [p.business.name for p in only_rated] == ["Sudah"]
    not_rated = client.get(url, {"dinilai": "0"}).context["page"].object_list
    assert [p.business.name for p in not_rated] == ["Belum"]


def test_the_demand_page_and_the_rating_form_keep_their_query_counts(
    client, buyer, assessor, publish, django_assert_max_num_queries
):
    demand = Demand.objects.create(posted_by=buyer, **demand_fields())

    def offers(n):
        for index in range(n):
            business = publish(name=f"Batik Penawar {index}-{n}", products=BATIK)
            Offer.objects.create(demand=demand, business=business, quantity=5, price=1, lead_time_days=3)

    client.force_login(buyer)
    url = reverse("demand:detail", args=[demand.pk])
    offers(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    offers(4)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url)
    assert page.content.decode().count("Tolak penawaran") == 5
    published = PublishedProduct.objects.filter(product__isnull=False).first()
    client.force_login(assessor)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("catalogue:product_assess", args=[published.pk])).status_code == 200
