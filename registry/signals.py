"""What the registry tells the rooms built on it (README "Layers"). The registry never
imports those rooms: they connect receivers in their AppConfig.ready().

- `business_verified(business)`: Dinas verified the business, inside the verifying
  transaction (the catalogue publishes its public copy).
- `business_merging(keep, remove, reason)`: `remove` is being merged into `keep`, before it
  is deleted; a receiver moves its own records to `keep` and returns the models it handled
  (the rest follow by their foreign key).
- `photo_file_still_shown(name)`: asked before a product photo's file is deleted from
  storage; a receiver returns True to keep it (the catalogue still shows the last
  verification's photos).
- `businesses_changed(business_ids=[...])`: a bulk write (QuerySet.update, bulk_create, raw
  SQL, an import, a merge, anonymisation) changed these businesses or their products,
  production, markets, certificates, needs or aid, without a model save per row; receivers
  refresh what they keep about them (the dashboard's summary, the stored completeness, the
  catalogue). Send it inside the writer's transaction, after the write
  (`send_businesses_changed`). `collecting_changes()` groups many single saves: inside it,
  receivers of single saves note the business (`note_change`) instead of acting, and one
  businesses_changed goes out at the end.
"""

import threading
from contextlib import contextmanager

from django.dispatch import Signal

business_verified = Signal()
businesses_changed = Signal()
business_merging = Signal()
photo_file_still_shown = Signal()
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


def any_receiver_says_yes(signal, **kwargs):
    return any(response for _, response in signal.send(sender=None, **kwargs))
