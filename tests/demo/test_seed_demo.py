"""`seed_demo` makes deterministic, valid, realistic demo data and the four demo logins, once."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Sum
from django.test import RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import seed as demo
from organizations.models import Association, Membership, Officer
from registry import services
from registry.models import (
    Assistance,
    Business,
    Certification,
    MarketArea,
    Need,
    Product,
    ProductionReport,
    RawMaterial,
)
from tuban_ikm import roles

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-demo-7"


def seed(businesses=40, seed=7, password=PASSWORD, **options):
    out = StringIO()
    call_command("seed_demo", businesses=businesses, seed=seed, password=password, stdout=out, **options)
    return out.getvalue()


def business_fingerprint():
    return list(Business.objects.order_by("pk").values_list("name", "owner_name", "desa_id", "nib", "phone"))


@pytest.fixture
def seeded():
    return seed()


def test_seeding_40_businesses_covers_every_kecamatan_with_one_to_four_products_each(seeded):
    assert Business.objects.count() == 40
    assert Business.objects.values("desa__kecamatan").distinct().count() == 20
    per_business = Business.objects.annotate(n=Count("products")).values_list("n", flat=True)
    assert set(per_business) <= {1, 2, 3, 4}
    assert ProductionReport.objects.exists() and MarketArea.objects.exists() and RawMaterial.objects.exists()
    assert Certification.objects.exists() and Need.objects.exists() and Assistance.objects.exists()
    assert "40 usaha IKM di 20 kecamatan" in seeded


def test_the_demo_logins_work_with_the_given_password_and_hold_their_roles(seeded):
    expected = {
        "dinas": (roles.STAF_DINAS, True),
        "pimpinan": (roles.PIMPINAN, True),
        "pengurus": (roles.PENGURUS_ASOSIASI, False),
        "pelaku": (roles.PELAKU_IKM, False),
    }
    for username, (group, is_staff) in expected.items():
        user = authenticate(RequestFactory().post("/akun/masuk/"), username=username, password=PASSWORD)
        assert user is not None, username
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.is_staff is is_staff
        assert f"{username:<9} / {PASSWORD} /" in seeded
    # Demo staff have the published demo authenticator key, printed with the logins.
    assert demo.DEMO_TOTP_SECRET in seeded
    assert TOTPDevice.objects.filter(user__username__in=["dinas", "pimpinan"], confirmed=True).count() == 2
    umbrella = Association.objects.get(name="Asosiasi IKM Kabupaten Tuban", parent=None)
    assert Officer.objects.filter(association=umbrella, user__username="pengurus", role="ketua").exists()


def test_the_demo_owner_owns_a_batik_gedog_business_in_margorejo_kerek(seeded):
    business = Business.objects.get(owner__username="pelaku")
    assert business.desa_id == "35.23.08.2008"
    assert business.kbli.code == "13134"
    assert business.status == Business.Status.ACTIVE
    assert business.products.count() >= 1
    assert business.memberships.filter(status=Membership.Status.ACTIVE).exists()
    assert business.owner_name == business.owner.get_full_name()


def test_the_same_seed_gives_the_same_businesses_and_a_larger_run_starts_with_them():
    seed(businesses=40, seed=11)
    first = business_fingerprint()
    seed(businesses=45, seed=11, reset=True, interactive=False)
    assert business_fingerprint()[:40] == first
    seed(businesses=40, seed=12, reset=True, interactive=False)
    assert business_fingerprint() != first


def test_running_again_keeps_the_data_and_only_resets_the_demo_passwords(seeded):
    counts = {model: model.objects.count() for model in (Business, Product, ProductionReport, Membership)}
    output = seed(password="kata-sandi-baru-8")
    assert "sudah ada" in output
    assert {model: model.objects.count() for model in counts} == counts
    assert authenticate(RequestFactory().post("/"), username="dinas", password="kata-sandi-baru-8") is not None
    assert Association.objects.filter(parent=None).count() == 1


def test_reset_replaces_the_demo_data_without_duplicates(seeded):
    seed(reset=True, interactive=False)
    assert Business.objects.count() == 40
    assert Association.objects.filter(parent=None).count() == 1
    assert Officer.objects.filter(user__username="pengurus").count() == 1


def test_seeded_rows_pass_model_validation(seeded):
    for model in (Business, Product, Certification, MarketArea, ProductionReport, RawMaterial, Need, Assistance):
        rows = list(model.objects.order_by("pk"))
        for obj in rows[:: max(1, len(rows) // 15)]:  # about 15 of each
            obj.full_clean()
    for membership in Membership.objects.select_related("association")[:15]:
        membership.full_clean()
    for membership in Membership.objects.select_related("association"):
        assert membership.umbrella_id == membership.association.umbrella.pk

    for business in Business.objects.all():
        assert business.nib is None or re.fullmatch(r"\d{13}", business.nib)
        assert business.phone == "" or business.phone.startswith("+62")
    assert Business.objects.exclude(nib=None).count() >= 15
    shares = MarketArea.objects.values("product").annotate(total=Sum("share_percent"))
    assert max(row["total"] for row in shares) <= Decimal("100")
    # P-IRT: 15 digits with Tuban's code (3523) in digits 4-7; BPOM: MD + 12 digits; halal: "ID...".
    patterns = {"pirt": r"\d{3}3523\d{8}", "bpom": r"MD\d{12}", "halal": r"ID\w+"}
    for cert in Certification.objects.filter(kind__in=patterns):
        assert re.fullmatch(patterns[cert.kind], cert.number), cert.number


def test_verified_profiles_carry_the_same_public_snapshot_the_service_would_take(seeded):
    verified = Business.objects.filter(verification_status=Business.Verification.VERIFIED)
    assert verified.exists()
    for business in verified:
        assert business.published_snapshot == services.public_snapshot(business)
    assert not Business.objects.exclude(verification_status=Business.Verification.VERIFIED).exclude(
        published_snapshot=None
    )


def test_the_demo_association_has_a_week_long_data_drive_running(seeded, client):
    from organizations.models import DataDrive

    drive = DataDrive.objects.get()
    assert drive.association.parent is None and (drive.deadline - drive.starts_on).days == 7
    assert client.login(request=RequestFactory().post("/"), username="pengurus", password=PASSWORD)
    page = client.get(f"/asosiasi/pendataan/{drive.pk}/").content.decode()
    assert "Lengkapi data dalam satu minggu" in page and 'data-stat="percent"' in page
