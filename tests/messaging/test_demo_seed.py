import random

import pytest

from accounts.models import Notification
from messaging import demo_seed
from messaging.models import Thread
from tests.factories import BusinessFactory, UserFactory
from tuban_ikm import roles
from tuban_ikm.models import DinasContact

pytestmark = pytest.mark.django_db


def test_demo_seed_makes_open_answered_threads_and_unread_notices_once(dinas, pelaku, pengurus):
    for i in range(3):
        BusinessFactory(owner=UserFactory(username=f"pemilik{i}", groups=[roles.PELAKU_IKM]))
    created = demo_seed.seed(random.Random(1))
    assert created == len(demo_seed.OWNER_THREADS) + 1 + 3
    mine = Thread.objects.filter(writer=pelaku)
    assert mine.filter(status=Thread.Status.OPEN, awaiting_answer=False).exists()  # answered, still open
    assert mine.filter(status=Thread.Status.CLOSED).exists()
    assert mine.filter(awaiting_answer=True).exists()
    assert Notification.objects.filter(recipient=pelaku).unread().count() >= 3
    assert DinasContact.current().is_filled
    assert demo_seed.seed(random.Random(1)) == 0  # idempotent
    assert Thread.objects.filter(writer=pelaku).count() == len(demo_seed.OWNER_THREADS)
