"""Each app's own demo data, next to its code: a module `<app>/demo_seed.py` with a function
`seed(rng, password)` that is idempotent and fast. `seed_demo` runs them in this order after
the registry's businesses and memberships (also when the demo data already exists, so a new
contribution reaches an existing demo database). Add yours to the list.
"""

import random
from importlib import import_module

CONTRIBUTIONS = [
    # "catalogue.demo_seed",
    # "aid.demo_seed",
]


def run_contributions(*, seed, password, modules=None):
    for path in CONTRIBUTIONS if modules is None else modules:
        import_module(path).seed(random.Random(f"{seed}:{path}"), password)
