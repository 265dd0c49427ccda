"""A small world in which every personal field of tuban_ikm/personal.py holds a value that
cannot be mistaken for anything else, and the strings a page would show of each value.

`personal_world()` makes the objects; `markers(objects)` reads the central list to say,
for every personal field of every object, what to look for. A field added to the list
therefore joins every test built on these two functions.
"""

import datetime
import os
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from accounts.models import DataRequest, Invitation
from aid.models import Announcement, AnnouncementPreference, ApplicationDocument, Delivery, Handover, MonitoringVisit
from organizations.models import DataDrive, DriveReminder, Membership
from registry.models import Business
from reporting.models import PeriodReport, ReportingPeriod, ReportReminder
from tests.admin.builders import GIF
from tests.aid.factories import ApplicationFactory, ProgrammeFactory
from tests.factories import (
    AssociationFactory,
    BusinessFactory,
    MembershipFactory,
    OfficerFactory,
    ProductFactory,
    UserFactory,
    kbli,
)
from tuban_ikm import personal, roles
from tuban_ikm.files import PrivateFieldFile, PrivateImageFieldFile

OWNER_NAME = "Siti Rahasia"
PHONE = "+6281299990001"
EMAIL = "pii@example.test"
ADDRESS = "Jalan Rahasia 7"
NPWP = "099999990001000"
LATITUDE = Decimal("-6.987601")
LONGITUDE = Decimal("111.987602")


def personal_world():
    """Objects of every model that has personal fields, all about one owner (and one officer)."""
    owner = UserFactory(
        username="akun-uji-privasi",
        first_name="Wulandari",
        last_name="Rahasiawati",
        email="pii-akun@example.test",
        phone="+6281299990002",
        groups=[roles.PELAKU_IKM],
    )
    business = BusinessFactory(
        name="Batik Uji Privasi",
        owner=owner,
        owner_name=OWNER_NAME,
        owner_gender=Business.Gender.FEMALE,
        kbli=kbli(),
    )
    # Straight to the database: the values are chosen to be findable, not to pass the forms.
    Business.objects.filter(pk=business.pk).update(
        npwp=NPWP, phone=PHONE, email=EMAIL, address=ADDRESS, latitude=LATITUDE, longitude=LONGITUDE
    )
    business.refresh_from_db()
    ProductFactory(business=business, kbli=kbli())
    application = ApplicationFactory(business=business, applicant=owner, programme=ProgrammeFactory())
    document = ApplicationDocument.objects.create(
        application=application,
        name="KTP pemilik",
        file=SimpleUploadedFile("ktp-rahasia-pemilik.pdf", b"%PDF-1.4 uji", content_type="application/pdf"),
    )
    handover = Handover.objects.create(
        application=application,
        date=datetime.date(2026, 11, 2),
        item="Mesin jahit",
        serial_number="SN-1",
        receipt=SimpleUploadedFile("tanda-terima-rahasia.pdf", b"%PDF-1.4 uji", content_type="application/pdf"),
    )
    visit = MonitoringVisit.objects.create(
        application=application,
        date=datetime.date(2026, 11, 20),
        note="Dipakai setiap hari",
        in_use=True,
        photo=SimpleUploadedFile("foto-rahasia-kunjungan.gif", GIF, content_type="image/gif"),
    )
    announcement = Announcement.objects.create(title="Pelatihan pewarnaan alam", body="Isi pengumuman")
    delivery = Delivery.objects.create(announcement=announcement, user=owner, email="pii-kirim@example.test")
    preference = AnnouncementPreference.objects.create(user=owner, kinds=["umum"])
    association = AssociationFactory(name="Asosiasi Uji Privasi")
    membership = MembershipFactory(
        business=business, association=association, status=Membership.Status.ACTIVE, joined_on=datetime.date(2025, 6, 1)
    )
    drive = DataDrive.objects.create(
        association=association, starts_on=datetime.date(2026, 11, 1), deadline=datetime.date(2026, 11, 8)
    )
    reminder = DriveReminder.objects.create(
        drive=drive,
        membership=membership,
        sent_on=datetime.date(2026, 11, 2),
        email="pii-ingat@example.test",
        batch="00000000-0000-0000-0000-000000000001",
    )
    officer_user = UserFactory(
        username="pengurus-uji-privasi",
        first_name="Purnamasari",
        last_name="Rahasiani",
        email="pii-pengurus@example.test",
        groups=[roles.PENGURUS_ASOSIASI],
    )
    officer = OfficerFactory(user=officer_user, association=association)
    period = ReportingPeriod.objects.create(year=2025, semester=2, deadline=datetime.date(2026, 12, 31))
    period_report = PeriodReport.objects.create(
        period=period, business=business, status=PeriodReport.Status.SUBMITTED, submitted_by=owner
    )
    report_reminder = ReportReminder.objects.create(
        report=period_report, sent_on=datetime.date(2026, 12, 1), email="pii-lapor@example.test"
    )
    invitation = Invitation.objects.create(
        business=business,
        token_hash=Invitation.hash_token("uji-privasi"),
        created_by=officer_user,
        used_by=owner,
        used_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC),
    )
    data_request = DataRequest.objects.create(
        user=owner, business=business, kind=DataRequest.Kind.DELETION, message="Mohon hapus data saya."
    )
    return [
        owner,
        officer_user,
        business,
        application,
        document,
        handover,
        visit,
        delivery,
        preference,
        reminder,
        officer,
        membership,
        period_report,
        report_reminder,
        invitation,
        data_request,
    ]


def _phone_digits(value):
    text = str(value)
    return text[3:] if text.startswith("+62") else text.lstrip("0")


def value_markers(model_field, value):
    """What a page or a sheet shows of `value`, lower case ("" and None show nothing)."""
    if value in (None, "", [], {}):
        return []
    if isinstance(model_field, models.ForeignKey):
        return [str(value).lower()]
    if model_field.choices:
        # "P" cannot be searched for: the field's label (a column header) must not appear either.
        return [str(model_field.verbose_name).lower()]
    if isinstance(model_field, models.FileField):
        if isinstance(value, PrivateFieldFile | PrivateImageFieldFile):
            # Stored under a random name that no page shows: the link to the checked view is
            # what reveals the document (its original name is a personal field of its own).
            return [value.url.lower()]
        return [os.path.basename(value.name).rsplit(".", 1)[0].lower()]
    if isinstance(model_field, models.DecimalField):
        return [str(value).split(".")[-1]]
    if isinstance(model_field, models.JSONField):
        found = []
        for key in personal.SNAPSHOT_PERSONAL_KEYS:
            if value.get(key):
                fake = Business._meta.get_field(key)
                found += value_markers(fake, value[key]) if key != "owner_gender" else []
        return found
    if model_field.name == "phone":
        return [_phone_digits(value)]
    return [str(value).lower()]


def markers(objects):
    """{marker: "model.field"} for every personal field of every object, by the central list."""
    found = {}
    for obj in objects:
        for name in personal.fields_of(obj):
            model_field = obj._meta.get_field(name)
            value = getattr(obj, name)
            for marker in value_markers(model_field, value):
                found.setdefault(marker, f"{obj._meta.label_lower}.{name}")
    return found


def every_personal_field_is_seeded(objects):
    """The (model, field) pairs of the central list this world gives no value to."""
    seeded = {
        (obj._meta.label_lower, name) for obj in objects for name in personal.fields_of(obj) if getattr(obj, name)
    }
    wanted = {(label, name) for label, names in personal.PERSONAL_FIELDS.items() for name in names}
    return wanted - seeded
