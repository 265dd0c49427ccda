"""Time and memory of the registry's xlsx export, next to a plain XlsxWriter write of the same rows.

    .venv/bin/python bench/export.py                      # 100,000 businesses, /tmp/bench_export.sqlite3
    .venv/bin/python bench/export.py --businesses 20000
    .venv/bin/python bench/export.py --seed-demo          # seed with `seed_demo` (full demo data, slower)
    .venv/bin/python bench/export.py --with-default       # also django-import-export's own export (slow)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_export .venv/bin/python bench/export.py

The database is reused when it already holds the requested number of businesses, else it is
reset and seeded (a throwaway SQLite file by default; a PostgreSQL database must exist).
Each variant runs in its own subprocess, so its peak memory (ru_maxrss, the whole process:
Python and Django included) is its own:

- baseline: the same rows and columns read with values_list() over the same joins and
  written with XlsxWriter in constant_memory mode, nothing else;
- export xlsx / export csv: dashboard.exporting as the dashboard and `export_registry` run it
  (BusinessResource fields per object, typing, formula escaping, the log row);
- default (optional): BusinessResource.export() into a tablib Dataset, then xlsx.

Time is taken as CPU time (user + system) of each variant's process, best of --rounds runs
that alternate the variants, so that other work on a shared machine does not decide the
ratio; wall time is printed next to it. Targets: export xlsx at most 1.2 x the baseline's
time, and under 250 MB.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "sqlite:////tmp/bench_export.sqlite3"
TIME_RATIO_TARGET = 1.2
MEMORY_TARGET_MB = 250


def setup_django():
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuban_ikm.settings")
    # DEBUG off: no query log growing in memory. The settings then want a SECRET_KEY.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


# --- Seeding ------------------------------------------------------------------------------------


def seed_businesses(count, *, use_seed_demo):
    from django.core.management import call_command
    from django.db import transaction

    from registry.models import Business, Desa, Kbli

    if use_seed_demo:
        call_command("seed_demo", businesses=count, reset=True, interactive=False, verbosity=1)
        return
    rng = random.Random(2022)
    desa = list(Desa.objects.values_list("code", flat=True))
    kbli = list(Kbli.objects.values_list("pk", flat=True)) + [None]
    words = ["Batik", "Tenun", "Keripik", "Terasi", "Anyaman", "Gerabah", "Kayu", "Sari", "Jaya", "Makmur", "Lestari"]
    batch = []
    with transaction.atomic():
        for i in range(count):
            workers_male, workers_female = rng.randint(0, 6), rng.randint(0, 8)
            batch.append(
                Business(
                    name=f"{rng.choice(words)} {rng.choice(words)} {i}",
                    brand=rng.choice(["", "", f"Merek {i}"]),
                    nib=f"{2200000000000 + i:013d}" if rng.random() < 0.6 else None,
                    npwp=f"{rng.randrange(10**14, 10**15):015d}" if rng.random() < 0.3 else "",
                    owner_name=f"Pemilik {i}",
                    owner_gender=rng.choice("LP"),
                    phone=f"+62812{rng.randrange(10**7, 10**8)}",
                    email=f"usaha{i}@contoh.id" if rng.random() < 0.2 else "",
                    address=f"Jl. Raya No. {i % 300}, RT {i % 9:03d}/RW {i % 7:03d}",
                    desa_id=rng.choice(desa),
                    latitude=f"-6.{rng.randrange(700000, 999999)}",
                    longitude=f"111.{rng.randrange(600000, 999999)}",
                    year_started=rng.randint(1990, 2024),
                    kbli_id=rng.choice(kbli),
                    workers_male=workers_male,
                    workers_female=workers_female,
                    investment=rng.randrange(5, 3000) * 1_000_000,
                    land_building_value=rng.randrange(0, 500) * 1_000_000,
                    yearly_sales=rng.randrange(10, 5000) * 1_000_000,
                )
            )
            if len(batch) == 5000:
                Business.objects.bulk_create(batch)
                batch = []
        Business.objects.bulk_create(batch)


def prepare(count, use_seed_demo, fresh):
    from django.core.management import call_command
    from django.db import connection

    from registry.models import Business

    url = os.environ["DATABASE_URL"]
    sqlite = url.startswith("sqlite:///")
    call_command("migrate", verbosity=0)
    existing = Business.objects.count()
    if existing == count and not fresh:
        print(f"Reusing {existing:,} businesses in {connection.settings_dict['NAME']}")
        return
    if existing and not use_seed_demo:
        if not sqlite:
            raise SystemExit(f"The database holds {existing:,} businesses: use an empty one (or --seed-demo).")
        # A throwaway file: start it again rather than delete rows through every relation.
        connection.close()
        Path(url.removeprefix("sqlite:///")).unlink()
        call_command("migrate", verbosity=0)
    started = time.monotonic()
    seed_businesses(count, use_seed_demo=use_seed_demo)
    print(f"Seeded {Business.objects.count():,} businesses in {time.monotonic() - started:.1f} s")


# --- Variants (each in its own process) -------------------------------------------------------


def variant_baseline(output):
    """Plain XlsxWriter in constant_memory mode writing the same cells as the export (labels,
    phone numbers as dialled, workers added up), read with values_list() and hand-written
    lookups: no model instances, no Resource, no escaping."""
    import xlsxwriter

    from registry.models import Business, CommodityGroup
    from registry.resources import BusinessResource

    headers = BusinessResource(include_personal_data=True).get_export_headers()
    columns = [
        "pk", "nib", "name", "brand", "legal_form", "npwp", "owner_name", "owner_gender", "phone", "email",
        "address", "desa_id", "desa__name", "desa__kecamatan_id", "desa__kecamatan__name", "latitude",
        "longitude", "year_started", "kbli__code", "kbli__version", "kbli__title", "kbli__group", "status",
        "workers_male", "workers_female", "investment", "land_building_value", "yearly_sales",
        "industry_class", "umkm_class_by_capital", "umkm_class_by_sales", "verification_status",
    ]  # fmt: skip
    labels = {
        name: {code: str(label) for code, label in choices}
        for name, choices in (
            ("legal_form", Business.LegalForm.choices),
            ("owner_gender", Business.Gender.choices),
            ("kbli__group", CommodityGroup.choices),
            ("status", Business.Status.choices),
            ("industry_class", Business.IndustryClass.choices),
            ("umkm_class_by_capital", Business.UmkmClass.choices),
            ("umkm_class_by_sales", Business.UmkmClass.choices),
            ("verification_status", Business.Verification.choices),
        )
    }
    lookups = [(columns.index(name), table) for name, table in labels.items()]
    phone, male, female = columns.index("phone"), columns.index("workers_male"), columns.index("workers_female")
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet("Usaha IKM")
    sheet.write_row(0, 0, headers)
    rows = 0
    queryset = Business.objects.select_related("desa__kecamatan", "kbli").order_by("pk").values_list(*columns)
    for rows, record in enumerate(queryset.iterator(chunk_size=2000), start=1):
        values = [float(v) if hasattr(v, "as_tuple") else v for v in record]
        for index, table in lookups:
            values[index] = table.get(values[index], values[index])
        if values[phone] and values[phone].startswith("+62"):
            values[phone] = "0" + values[phone][3:]
        values.insert(female + 1, values[male] + values[female])
        sheet.write_row(rows, 0, values)
    workbook.close()
    return rows


def variant_export(output, file_format):
    from dashboard.exporting import finish_log, prepare_export
    from dashboard.models import ExportLog

    export = prepare_export(
        user=None,
        dataset="businesses",
        file_format=file_format,
        source=ExportLog.Source.COMMAND,
        filters={"bench": "export.py"},
        system=True,
    )
    with open(output, "wb") as handle:
        rows = export.write(handle)
    finish_log(export.log, rows)
    return rows


def variant_default(output):
    """django-import-export's own way: a tablib Dataset of the whole sheet, then xlsx."""
    from registry.models import Business
    from registry.resources import BusinessResource

    dataset = BusinessResource(include_personal_data=True).export(
        Business.objects.select_related("desa__kecamatan", "kbli").order_by("pk")
    )
    Path(output).write_bytes(dataset.export("xlsx"))
    return len(dataset)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_variant(name, output):
    setup_django()
    started, cpu_started = time.monotonic(), cpu_seconds()
    if name == "baseline":
        rows = variant_baseline(output)
    elif name == "default":
        rows = variant_default(output)
    else:
        rows = variant_export(output, name.removeprefix("export-"))
    seconds, cpu = time.monotonic() - started, cpu_seconds() - cpu_started
    print(json.dumps({"variant": name, "rows": rows, "seconds": seconds, "cpu": cpu, "peak_mb": peak_mb()}))


def measure(name):
    output = f"/tmp/bench_export_{name}.{'csv' if name.endswith('csv') else 'xlsx'}"
    completed = subprocess.run(
        [sys.executable, __file__, "--variant", name, "--output", output],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    if completed.returncode:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"variant {name} failed")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["size_mb"] = Path(output).stat().st_size / 2**20
    Path(output).unlink(missing_ok=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=100_000)
    parser.add_argument("--seed-demo", action="store_true", help="seed with seed_demo instead of a bulk insert")
    parser.add_argument("--fresh", action="store_true", help="reseed even if the database already has the rows")
    parser.add_argument("--with-default", action="store_true", help="also time import-export's own export")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each variant; the best time counts")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        return run_variant(args.variant, args.output)

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    setup_django()
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    prepare(args.businesses, args.seed_demo, args.fresh)
    connection.close()

    variants = ["baseline", "export-xlsx", "export-csv"] + (["default"] if args.with_default else [])
    # Rounds alternate the variants; each keeps its best time (other work on the machine only
    # ever adds time) and its largest peak memory.
    best = {}
    for _round in range(args.rounds):
        for name in variants:
            result = measure(name)
            kept = best.setdefault(name, result)
            for key in ("seconds", "cpu"):
                kept[key] = min(kept[key], result[key])
            kept["peak_mb"] = max(kept["peak_mb"], result["peak_mb"])
    results = [best[name] for name in variants]
    base = results[0]
    print(f"\nbest of {args.rounds} rounds; CPU = user + system time of the variant's process")
    print(f"{'variant':<14}{'rows':>10}{'wall s':>9}{'CPU s':>9}{'x base':>9}{'peak MB':>10}{'file MB':>10}")
    for r in results:
        ratio = r["cpu"] / base["cpu"]
        print(
            f"{r['variant']:<14}{r['rows']:>10,}{r['seconds']:>9.1f}{r['cpu']:>9.1f}{ratio:>9.2f}"
            f"{r['peak_mb']:>10.0f}{r['size_mb']:>10.1f}"
        )
    export = best["export-xlsx"]
    ratio = export["cpu"] / base["cpu"]
    print(
        f"\nexport xlsx: {ratio:.2f} x baseline CPU time ({export['seconds'] / base['seconds']:.2f} x wall time), "
        f"target <= {TIME_RATIO_TARGET}: {'OK' if ratio <= TIME_RATIO_TARGET else 'MISSED'}; "
        f"peak {export['peak_mb']:.0f} MB, target < {MEMORY_TARGET_MB}: "
        f"{'OK' if export['peak_mb'] < MEMORY_TARGET_MB else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
