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
- `businesses_changed(business_ids=[...])`: businesses were written in bulk (an import), so
  no post_save was sent for them; receivers refresh what they keep about those businesses
  (summaries, the stored completeness, the catalogue). Sent inside the writing transaction.
"""

from django.dispatch import Signal

business_verified = Signal()
businesses_changed = Signal()
business_merging = Signal()
photo_file_still_shown = Signal()


def any_receiver_says_yes(signal, **kwargs):
    return any(response for _, response in signal.send(sender=None, **kwargs))
