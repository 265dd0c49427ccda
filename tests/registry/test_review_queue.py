"""The Dinas review queue (/dinas/): who may use it, what it lists, what changed, and
every action: verify, return with a reason, mark closed/moved/not found, bulk verify."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import Business, ProductionReport
from tests.factories import BusinessFactory, ProductFactory, ProductionReportFactory, desa, kbli

pytestmark = pytest.mark.django_db

QUEUE = reverse("dinas:queue")


def submitted(name, *, days_ago=1, **kwargs):
    business = BusinessFactory(name=name, **kwargs)
    ProductFactory(business=business, name=f"Produk {name}")
    Business.objects.filter(pk=business.pk).update(
        verification_status=Business.Verification.SUBMITTED, submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    business.refresh_from_db()
    return business


def detail(business):
    return reverse("dinas:review_detail", args=[business.pk])


STAFF_URLS = [
    ("dinas:queue", []),
    ("dinas:business_list", []),
    ("dinas:duplicates", []),
    ("dinas:data_quality", []),
]


@pytest.mark.parametrize("name,args", STAFF_URLS)
@pytest.mark.parametrize("role", ["pelaku", "pengurus", "pimpinan"])
def test_owners_officers_and_pimpinan_get_403_on_staff_pages(client, request, role, name, args):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(name, args=args))
    if role == "pimpinan" and name == "dinas:queue":
        # /dinas/ is also the root: Pimpinan, who may not verify, are sent to the dashboard.
        assert response.status_code == 302
        assert response.url == reverse("dashboard:index")
        return
    assert response.status_code == 403


@pytest.mark.parametrize("name,args", STAFF_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", ["pelaku", "pengurus", "pimpinan"])
def test_an_owner_or_officer_cannot_verify_or_return(client, request, role):
    business = submitted("Batik Sekar")
    client.force_login(request.getfixturevalue(role))
    assert client.post(detail(business), {"action": "verify"}).status_code == 403
    assert client.post(detail(business), {"action": "return", "note": "x"}).status_code == 403
    assert client.post(reverse("dinas:verify_selected"), {"selected": [business.pk]}).status_code == 403
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_an_owner_cannot_verify_their_own_profile_through_the_service(pelaku):
    business = Business.objects.get(owner=pelaku)
    with pytest.raises(Exception) as error:
        services.business_verify(business=business, user=pelaku)
    assert error.type.__name__ == "PermissionDenied"


def test_queue_lists_submitted_profiles_oldest_first(dinas_client):
    submitted("Baru diajukan", days_ago=1)
    submitted("Lama menunggu", days_ago=20)
    BusinessFactory(name="Masih konsep")
    response = dinas_client.get(QUEUE)
    names = [business.name for business, _review in response.context["rows"]]
    assert names == ["Lama menunggu", "Baru diajukan"]


def test_queue_filters_by_kecamatan_kbli_class_and_status(dinas_client):
    submitted("Di Kerek")
    submitted("Di Tambakboyo", desa=desa("35.23.06.2008"), kbli=kbli("10215"))
    returned = submitted("Dikembalikan")
    Business.objects.filter(pk=returned.pk).update(verification_status=Business.Verification.RETURNED)

    def names(**query):
        return {b.name for b, _r in dinas_client.get(QUEUE, query).context["rows"]}

    assert names(kecamatan="35.23.06") == {"Di Tambakboyo"}
    assert names(kbli="10215") == {"Di Tambakboyo"}
    assert names(industry_class="kecil") == {"Di Kerek", "Di Tambakboyo"}
    assert names(industry_class="menengah") == set()
    assert names(verification_status="dikembalikan") == {"Dikembalikan"}
    assert names(verification_status="") == {"Di Kerek", "Di Tambakboyo", "Dikembalikan"}


def test_queue_lists_submitted_production_reports(dinas_client):
    business = submitted("Batik Sekar")
    report = ProductionReportFactory(product=business.products.first(), status=ProductionReport.Status.SUBMITTED)
    ProductionReportFactory(product=business.products.first(), year=2024)  # a draft
    response = dinas_client.get(QUEUE)
    assert [r.pk for r in response.context["reports"]] == [report.pk]


def test_queue_query_count_does_not_grow_with_the_page(dinas_client, django_assert_max_num_queries):
    for i in range(3):
        submitted(f"Usaha {i}")
    with django_assert_max_num_queries(20) as small:
        dinas_client.get(QUEUE)
    for i in range(3, 15):
        submitted(f"Usaha {i}")
    with django_assert_max_num_queries(len(small)):
        response = dinas_client.get(QUEUE)
    assert len(response.context["rows"]) == 15


def test_never_verified_profile_shows_all_filled_fields(dinas_client):
    business = submitted("Batik Sekar", nib="1234567890123")
    review = dinas_client.get(detail(business)).context["review"]
    assert not review.verified_before
    changed = {change.name for change in review.changes}
    assert {"name", "nib", "desa", "kbli", "workers_female"} <= changed
    assert "npwp" not in changed  # empty
    assert [p.kind for p in review.product_changes] == ["added"]


def test_the_diff_shows_what_changed_since_the_last_verification_field_by_field(dinas, dinas_client):
    business = submitted("Batik Sekar")
    product = business.products.first()
    services.business_verify(business=business, user=dinas)
    business.refresh_from_db()
    business.name = "Batik Sekar Gedog"
    business.workers_female = 7
    business.save()
    product.refresh_from_db()
    product.price = 400000
    product.save()
    ProductFactory(business=business, name="Selendang tenun")

    review = dinas_client.get(detail(business)).context["review"]
    assert review.verified_before
    changes = {change.name: (change.old, change.new) for change in review.changes}
    assert changes == {"name": ("Batik Sekar", "Batik Sekar Gedog"), "workers_female": ("3", "7")}
    kinds = {p.name: p.kind for p in review.product_changes}
    assert kinds == {product.name: "changed", "Selendang tenun": "added"}
    price = next(p for p in review.product_changes if p.kind == "changed").changes[0]
    assert (price.name, price.old, price.new) == ("price", "350000", "400000")


def test_a_deleted_product_shows_as_removed(dinas, dinas_client):
    business = submitted("Batik Sekar")
    services.business_verify(business=business, user=dinas)
    business.products.first().delete()
    review = dinas_client.get(detail(business)).context["review"]
    assert [p.kind for p in review.product_changes] == ["removed"]


def test_staff_verify_a_profile(dinas, dinas_client):
    business = submitted("Batik Sekar")
    response = dinas_client.post(detail(business), {"action": "verify", "version": business.version})
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.VERIFIED
    assert business.verified_by == dinas
    assert business.published_snapshot["name"] == "Batik Sekar"


def test_a_profile_changed_after_staff_opened_it_is_not_verified_unseen(dinas_client):
    business = submitted("Batik Sekar")
    stale = business.version
    business.name = "Batik Sekar Gedog"
    business.save()
    response = dinas_client.post(detail(business), {"action": "verify", "version": stale}, follow=True)
    assert "berubah setelah Anda membukanya" in response.text
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_return_needs_a_reason(dinas_client):
    business = submitted("Batik Sekar")
    response = dinas_client.post(detail(business), {"action": "return", "note": "  "})
    assert response.status_code == 200
    assert "Tuliskan alasan pengembalian" in response.text
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.SUBMITTED


def test_return_with_a_reason_and_fields_to_fix_reaches_the_owner_overview(dinas_client, client, pelaku):
    business = Business.objects.get(owner=pelaku)
    ProductFactory(business=business)
    services.business_submit(business=business, user=pelaku)
    response = dinas_client.post(
        detail(business),
        {"action": "return", "note": "NIB belum diisi", "fields_to_fix": ["nib", "location", "product_photos"]},
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.verification_status == Business.Verification.RETURNED
    assert business.verification_note == "NIB belum diisi"
    assert business.fields_to_fix == ["nib", "location", "product_photos"]

    client.force_login(pelaku)
    page = client.get(reverse("owner:business_overview", args=[business.pk]))
    labels = [label for label, _url in page.context["fields_to_fix"]]
    assert labels == ["NIB", "Lokasi", "Foto setiap produk"]
    assert "NIB belum diisi" in page.text


@pytest.mark.parametrize("status", ["tutup", "pindah", "tidak_ditemukan"])
def test_staff_mark_a_business_closed_moved_or_not_found(dinas_client, status):
    business = submitted("Batik Sekar")
    response = dinas_client.post(
        detail(business), {"action": "status", "status": status, "note": "Kunjungan lapangan", "version": 1}
    )
    assert response.status_code == 302
    business.refresh_from_db()
    assert business.status == status
    assert business.history.first().history_change_reason == "Kunjungan lapangan"


def test_bulk_verify_verifies_the_selected_and_skips_one_changed_since(dinas_client):
    first, second, untouched = submitted("Satu"), submitted("Dua"), submitted("Tiga")
    stale = second.version
    second.name = "Dua diubah"
    second.save()
    response = dinas_client.post(
        reverse("dinas:verify_selected"),
        {"selected": [f"{first.pk}:{first.version}", f"{second.pk}:{stale}"]},
        follow=True,
    )
    assert "1 profil diverifikasi" in response.text
    assert "Dua diubah" in response.text
    statuses = dict(Business.objects.values_list("name", "verification_status"))
    assert statuses["Satu"] == "terverifikasi"
    assert statuses["Dua diubah"] == "diajukan"
    assert statuses[untouched.name] == "diajukan"


def test_production_reports_are_verified_or_returned_with_a_reason(dinas_client):
    business = submitted("Batik Sekar")
    report = ProductionReportFactory(product=business.products.first(), status=ProductionReport.Status.SUBMITTED)
    url = reverse("dinas:report_action", args=[report.pk])
    dinas_client.post(url, {"action": "return", "reason": ""})
    report.refresh_from_db()
    assert report.status == ProductionReport.Status.SUBMITTED
    dinas_client.post(url, {"action": "return", "reason": "Nilai produksi terlalu tinggi"})
    report.refresh_from_db()
    assert (report.status, report.return_reason) == ("dikembalikan", "Nilai produksi terlalu tinggi")
    dinas_client.post(url, {"action": "verify"})
    report.refresh_from_db()
    assert report.status == ProductionReport.Status.VERIFIED


def test_pimpinan_cannot_act_on_a_production_report(client, pimpinan):
    report = ProductionReportFactory(status=ProductionReport.Status.SUBMITTED)
    client.force_login(pimpinan)
    assert client.post(reverse("dinas:report_action", args=[report.pk]), {"action": "verify"}).status_code == 403


def test_admin_action_verifies_selected_businesses(dinas_client):
    first, second = submitted("Satu"), submitted("Dua")
    response = dinas_client.post(
        reverse("admin:registry_business_changelist"),
        {"action": "verify_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(Business.objects.values_list("verification_status", flat=True)) == {"terverifikasi"}


def test_admin_return_action_sends_staff_to_the_review_page_for_the_reason(dinas_client):
    business = submitted("Satu")
    response = dinas_client.post(
        reverse("admin:registry_business_changelist"),
        {"action": "return_selected", "_selected_action": [business.pk]},
    )
    assert response["Location"] == detail(business)


def test_staff_business_list_filters_by_quality_problem(dinas_client):
    BusinessFactory(name="Tanpa KBLI", kbli=None)
    BusinessFactory(name="Dengan KBLI")
    response = dinas_client.get(reverse("dinas:business_list"), {"kualitas": "tanpa_kbli"})
    assert [b.name for b in response.context["page"]] == ["Tanpa KBLI"]


def test_the_queue_page_shows_each_profiles_changes_and_each_reports_labels(dinas, dinas_client):
    verified = submitted("Batik Sekar")
    services.business_verify(business=verified, user=dinas)
    verified.refresh_from_db()
    verified.name = "Batik <Sekar> Gedog"
    verified.save()
    Business.objects.filter(pk=verified.pk).update(
        verification_status=Business.Verification.SUBMITTED, submitted_at=timezone.now()
    )
    submitted("Terasi Bu Sri", nib="1234567890123")
    report = ProductionReportFactory(
        product=verified.products.first(),
        semester=ProductionReport.Semester.SECOND,
        status=ProductionReport.Status.SUBMITTED,
    )
    html = dinas_client.get(QUEUE).content.decode()
    # Changed since verification: the old value struck through, then the new one, escaped.
    assert (
        '<tr data-field="name"><th scope="row" class="fw-normal">Nama usaha</th>'
        '<td class="text-decoration-line-through text-muted">Batik Sekar</td><td>Batik &lt;Sekar&gt; Gedog</td></tr>'
    ) in html
    # Never verified: only the value now.
    assert '<tr data-field="nib"><th scope="row" class="fw-normal">NIB</th><td>1234567890123</td></tr>' in html
    assert html.count('<span class="badge text-bg-primary">Menunggu verifikasi</span>') == 2
    assert '<li><span class="badge text-bg-success">Produk baru</span> Produk Terasi Bu Sri</li>' in html
    assert '<summary class="small">1 isian berubah</summary>' in html  # the verified one: its name
    row = html[html.index(f'data-report="{report.pk}"') :]
    row = row[: row.index("</tr>")]
    product = report.product
    assert report.get_semester_display() in row and product.get_unit_display() in row
    assert f"<td>{report.get_status_display()}</td>" in row
    assert f'action="{reverse("dinas:report_action", args=[report.pk])}"' in row


def test_the_review_page_lists_changed_and_removed_products_with_their_fields(dinas, dinas_client):
    business = submitted("Batik Sekar")
    product = business.products.first()
    gone = ProductFactory(business=business, name="Selendang <lama>")
    services.business_verify(business=business, user=dinas)
    product.refresh_from_db()
    product.price = 400000
    product.save()
    gone.delete()
    html = dinas_client.get(detail(business)).content.decode()
    assert (
        f'<li><span class="badge text-bg-warning">Produk diubah</span> {product.name}<ul><li>Harga per satuan (Rp): '
        '<span class="text-decoration-line-through text-muted">350000</span> → 400000</li></ul></li>'
    ) in html
    assert '<li><span class="badge text-bg-danger">Produk dihapus</span> Selendang &lt;lama&gt;</li>' in html
    assert '<span class="badge text-bg-success">Terverifikasi</span>' in html
