"""Signals the registry sends for the apps built on it (they connect in their AppConfig.ready()).

- `businesses_changed(business_ids=[...])`: businesses were written in bulk (an import), so
  no post_save was sent for them; receivers refresh what they keep about those businesses
  (summaries, the catalogue). Sent inside the writing transaction.
"""

from django.dispatch import Signal

businesses_changed = Signal()
