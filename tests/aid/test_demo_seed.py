"""aid/demo_seed.py: the demo's aid pages are not empty (every programme window, every
application status, a training with attendance, announcements), and a second run adds nothing."""

import random
from datetime import date

import pytest

from aid import demo_seed
from aid.models import Announcement, Application, Attendance, Delivery, Programme
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 4)


def test_seed_fills_every_aid_screen_once(dinas, pelaku, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    BusinessFactory.create_batch(32)
    summary = demo_seed.seed(random.Random(3), today=TODAY)
    assert summary.startswith("4 program bantuan")
    states = sorted(p.window_state(TODAY) for p in Programme.objects.all())
    assert states == ["closed", "closed", "open", "upcoming"]
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    assert Attendance.objects.filter(present=True).count() == 6
    assert Attendance.objects.filter(present=False).exists()
    assert Announcement.objects.count() == 2
    # The demo owner applied to the open programme and hears about both announcements.
    assert Application.objects.filter(business__owner=pelaku, programme__name=demo_seed.OPEN).exists()
    assert Delivery.objects.filter(user=pelaku).count() == 2

    rows = Application.objects.count()
    assert demo_seed.seed(random.Random(3), today=TODAY) is None
    assert Application.objects.count() == rows
    assert Programme.objects.count() == 4
