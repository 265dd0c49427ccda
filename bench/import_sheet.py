"""Time, queries and memory of the spreadsheet import (registry/importing/).

    .venv/bin/python bench/import_sheet.py                  # 5,000 businesses + 5,000 products + 5,000 markets
    .venv/bin/python bench/import_sheet.py --rows 20000     # the per-sheet limit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/import_sheet.py

Builds an officers' template workbook with --rows businesses (each with one product and one
market area), then times each step on a fresh throwaway database: read (openpyxl), preview
(validate, what the upload page does), apply (validate again and save in one transaction,
what "Simpan semua baris" does) and a second apply of the same file (nothing changes). Prints
seconds (wall clock and this process's CPU), SQL queries and the process's peak memory.
Target (issue 14): 10,000 member rows validated and committed in at most 10 s, under
300 MB. On a shared machine read the CPU seconds too: the wall clock also counts the time
other processes had the cores.
"""

import argparse
import gc
import io
import os
import resource
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "sqlite:////tmp/bench_import.sqlite3"


def setup_django():
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuban_ikm.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def reset_database():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)


def build_workbook(rows):
    import openpyxl

    from registry import importing
    from registry.models import Desa

    desas = list(Desa.objects.select_related("kecamatan").order_by("code"))
    sheets = {sheet.key: sheet for sheet in importing.TEMPLATE_SHEETS}
    headers = {key: [importing._header(sheet, n) for n in sheet.template_fields] for key, sheet in sheets.items()}
    book = openpyxl.Workbook(write_only=True)
    business, product, market = (book.create_sheet(sheets[k].title()) for k in ("businesses", "products", "markets"))
    business.append(headers["businesses"])
    product.append(headers["products"])
    market.append(headers["markets"])
    for i in range(rows):
        desa = desas[i % len(desas)]
        nib = f"{9100000000000 + i}"
        values = {
            "NIB": nib,
            "Nama usaha": f"Usaha Bench {i}",
            "Bentuk badan usaha": "Perorangan",
            "Nama pemilik": f"Pemilik {i}",
            "Jenis kelamin pemilik": "Perempuan" if i % 2 else "Laki-laki",
            "Telepon/WA": f"0812{i:08d}",
            "Alamat": f"Dusun {i % 40} RT {i % 9 + 1}",
            "Kecamatan": desa.kecamatan.name,
            "Desa/kelurahan": desa.name,
            "Tahun mulai usaha": 2000 + i % 25,
            "Kode KBLI": "10792",
            "Tenaga kerja laki-laki": i % 4,
            "Tenaga kerja perempuan": 1 + i % 5,
            "Nilai investasi (Rp)": 5_000_000 + i * 1000,
            "Omzet per tahun (Rp)": 60_000_000 + i * 500,
        }
        business.append([values.get(h) for h in headers["businesses"]])
        product.append(
            [
                {"NIB usaha": nib, "Nama produk": f"Produk {i}", "Kelompok komoditas": "Makanan dan minuman"}.get(h)
                or {"Satuan": "kilogram", "Harga per satuan (Rp)": 25000, "Kapasitas produksi per bulan": 100}.get(h)
                for h in headers["products"]
            ]
        )
        market.append(
            [
                {"NIB usaha": nib, "Nama produk": f"Produk {i}", "Jangkauan": "Kabupaten Tuban"}.get(h)
                or {"Porsi penjualan (%)": 70, "Saluran": "Penjualan langsung"}.get(h)
                for h in headers["markets"]
            ]
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def measure(label, function):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        result = function()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU seconds of this process beside the wall clock: on a shared machine the wall clock
    # also counts the time other processes (and the database server) had the cores.
    print(f"{label:<28} {seconds:8.2f} s ({cpu:6.2f} s CPU) {queries:8d} queries   peak {peak:6.0f} MB")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument(
        "--association",
        action="store_true",
        help="import as an association's officer: every business becomes a member and gets an invitation",
    )
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from registry import importing
    from registry.models import Business, MarketArea, Product

    reset_database()
    data = build_workbook(args.rows)
    print(f"{connection.vendor}, {args.rows} businesses + products + market areas, {len(data) / 1e6:.1f} MB xlsx")
    scope = importing.Scope()
    if args.association:
        from organizations.models import Association

        association = Association.objects.create(name="Asosiasi Bench")
        scope = importing.Scope(association=association, editable_business_ids=set(), template_only=True)
    sheets = measure("read workbook", lambda: importing.read_workbook(data))
    preview = measure("preview (validate)", lambda: importing.validate(sheets, scope))
    assert not preview.has_errors, list(preview.error_lines())[:5]
    result = measure("apply (validate + save)", lambda: importing.apply(sheets, scope))
    assert result.applied
    counts = (Business.objects.count(), Product.objects.count(), MarketArea.objects.count())
    print(f"saved: {counts[0]} businesses, {counts[1]} products, {counts[2]} market areas")
    if args.association:
        print(f"members: {association.memberships.count()}, invitations: {len(result.invitations)}")
        member_ids = set(association.memberships.values_list("business_id", flat=True))
        scope = importing.Scope(association=association, editable_business_ids=member_ids, template_only=True)
    del preview, result  # a request holds one import's rows, not three
    gc.collect()
    again = measure("apply again (no change)", lambda: importing.apply(sheets, scope))
    print(f"second run: {again.preview.counts}")


if __name__ == "__main__":
    main()
