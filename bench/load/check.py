"""After the load test: is every acknowledged owner save in the database, with the last value?

    DATABASE_URL=... .venv/bin/python bench/load/check.py --out /tmp/tuban-load

Reads OUT/acks.json (written by the locustfile) and OUT/stats_stats.csv (locust --csv), prints
throughput, p95 and errors, then checks per business that the saved brand is the last value
acknowledged and that every acknowledged value is in the business's history (django-simple-
history writes a row per save). Exits 1 on any error or lost write.
"""

import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="/tmp/tuban-load")
    args = parser.parse_args()
    out = Path(args.out)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuban_ikm.settings")
    os.environ.setdefault("SECRET_KEY", "load-test-only-not-secret")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from registry.models import Business

    failed = False
    with (out / "stats_stats.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"{'request':<45} {'count':>7} {'fail':>5} {'median':>7} {'p95':>7} {'max':>7} {'req/s':>6}")
    for row in rows:
        print(
            f"{row['Name'][:45]:<45} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{row['50%']:>7} {row['95%']:>7} {float(row['Max Response Time']):>7.0f} "
            f"{float(row['Requests/s']):>6.2f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    errors = int(total["Failure Count"])
    print(
        f"\nTotal: {total['Request Count']} requests, {float(total['Requests/s']):.1f} req/s, "
        f"p95 {total['95%']} ms, {errors} errors"
    )
    failures = out / "stats_failures.csv"
    if failures.exists():
        for row in csv.DictReader(failures.open(newline="")):
            print(f"  failure: {row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}x)")
    failed |= errors > 0

    acks = json.loads((out / "acks.json").read_text())
    by_business = defaultdict(list)
    for ack in acks:
        by_business[ack["business"]].append(ack)
    lost, stale = [], []
    for pk, saves in by_business.items():
        business = Business.objects.get(pk=pk)
        last = max(saves, key=lambda ack: ack["at"])
        if business.brand != last["value"]:
            stale.append((pk, last["value"], business.brand))
        history = set(business.history.values_list("brand", flat=True))
        lost += [(pk, ack["value"]) for ack in saves if ack["value"] not in history]
    print(
        f"Owner saves acknowledged: {len(acks)} on {len(by_business)} businesses; "
        f"missing from history: {len(lost)}; last value not in the database: {len(stale)}"
    )
    for item in (lost + stale)[:10]:
        print(f"  lost: {item}")
    failed |= bool(lost or stale) or not acks
    print("RESULT:", "FAIL" if failed else "OK (0 errors, 0 lost writes)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
