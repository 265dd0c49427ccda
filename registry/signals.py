"""Signals the registry sends to the apps above it (they connect receivers in their ready()).

businesses_changed(business_ids): a bulk write (QuerySet.update, bulk_create, raw SQL, an
import, a merge, anonymisation) changed these businesses or their products, production,
markets, certificates, needs or aid, without a model save per row. Send it inside the
writer's transaction, after the write, so receivers (the dashboard's summary) stay in step.

`collecting_changes()` groups many single saves: inside it, receivers of single saves note
the business (`note_change`) instead of acting, and one businesses_changed goes out at the end.
"""

import threading
from contextlib import contextmanager

from django.dispatch import Signal

businesses_changed = Signal()
_local = threading.local()


def send_businesses_changed(business_ids, sender=None):
    ids = sorted({pk for pk in business_ids if pk is not None})
    if not ids:
        return
    collected = getattr(_local, "ids", None)
    if collected is not None:
        collected.update(ids)
        return
    businesses_changed.send(sender=sender, business_ids=ids)


def note_change(business_id):
    """True when a collecting_changes() block takes this business (the caller then waits)."""
    collected = getattr(_local, "ids", None)
    if collected is None:
        return False
    if business_id is not None:
        collected.add(business_id)
    return True


@contextmanager
def collecting_changes():
    if getattr(_local, "ids", None) is not None:
        yield
        return
    _local.ids = set()
    try:
        yield
        ids = _local.ids
    finally:
        _local.ids = None
    send_businesses_changed(ids)
