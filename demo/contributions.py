"""Each app's own demo data, next to its code: a module `<app>/demo_seed.py` with a function
`seed(rng, password)` that is idempotent and fast. `manage.py seed_demo_screens` runs them in
this order after `seed_demo`, `publish_catalogue` and `seed_reporting_demo` (they may need the
published catalogue or the open period), also on an existing demo database, so a new
contribution reaches it. Add yours to the list.
"""

import random
from importlib import import_module

CONTRIBUTIONS = [
    "aid.demo_seed",  # programmes in every state, applications, handovers, announcements
    "catalogue.demo_seed_villages",  # OVOP and Rumah Produksi desa, sentra where there are candidates
    "catalogue.demo_seed",  # rated OVOP products, demands with offers, e-Katalog proposals
    "messaging.demo_seed",  # threads with Dinas (answered, closed, waiting), unread notices, contact details
]


def run_contributions(*, seed, password, modules=None):
    summaries = []
    for path in CONTRIBUTIONS if modules is None else modules:
        summary = import_module(path).seed(random.Random(f"{seed}:{path}"), password)
        if isinstance(summary, str):
            summaries.append(summary)
    return summaries
