"""Time `seed_demo` on a throwaway database.

    .venv/bin/python bench/seed_demo.py --businesses 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_seed .venv/bin/python bench/seed_demo.py

The default database is a fresh SQLite file, /tmp/bench_seed.sqlite3 (deleted first). A
PostgreSQL database must exist; it is migrated and any earlier data is reset.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "sqlite:////tmp/bench_seed.sqlite3"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuban_ikm.settings")
    # DEBUG off (no query log kept in memory); the settings then want a SECRET_KEY.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.monotonic() - started:.1f} s")

    started = time.monotonic()
    call_command("seed_demo", businesses=args.businesses, seed=args.seed, reset=True, interactive=False, verbosity=2)
    elapsed = time.monotonic() - started
    print(f"seed_demo --businesses {args.businesses}: {elapsed:.1f} s ({elapsed / 60:.1f} min)")

    total = 0
    for label in ("registry", "organizations"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            count = model.objects.count()
            total += count
            print(f"  {model._meta.label:<32} {count:>10,}")
    print(f"  {'total':<32} {total:>10,}")


if __name__ == "__main__":
    main()
