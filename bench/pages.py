"""Response times of every page of every role at a province's scale, served as in production.

    make bench                                            # 100,000 businesses (BENCH_BUSINESSES)
    .venv/bin/python bench/pages.py --businesses 100000
    .venv/bin/python bench/pages.py --skip-load           # one user only, no 60 s load test
    .venv/bin/python bench/pages.py --only /dasbor/ --rounds 5
    .venv/bin/python bench/pages.py --large-db my_copy --small-db my_small   # other databases

What it does:
1. prepares two PostgreSQL databases (created when missing, reused when they already hold
   the requested number of businesses, else reset): tuban_ikm_bench with --businesses and
   tuban_ikm_bench_small with --small (1,000); `seed_demo` (bulk COPY), `publish_catalogue`,
   `load_boundaries`, `rebuild_dashboard_summary` (when the summary is not built), then ANALYZE;
   `--large-db NAME` / `--small-db NAME` use other databases (a copy of the bench database);
2. counts the SQL queries of every page in-process (Django's test client, CaptureQueriesContext)
   on both databases: a page whose count grows with the data runs a query per row;
3. serves the large database with gunicorn (2 workers, DEBUG off) on a free port and asks
   every page 15 times in a row per role (median and p95; /healthz as the floor);
4. 20 concurrent users for 60 s, each asking the pages of its role in turn: throughput,
   p95 and errors (any status other than 200).

The machine is shared: figures are noisy; run it twice and compare before believing a change.
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
LARGE_DB = "tuban_ikm_bench"
SMALL_DB = "tuban_ikm_bench_small"
GEOJSON = os.environ.get("BENCH_GEOJSON", str(BASE_DIR.parent / "shared" / "geo" / "tuban_desa.geojson"))
# Production settings, minus what needs TLS in front (the bench talks plain HTTP).
SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "tuban_ikm.settings",
}
# Pages known to load every row (a label here is listed, not timed): none since the drive
# page counts from the stored completeness and loads only its 50 members.
KNOWN_UNBOUNDED = {}
# A page slower than this on its first request is timed once, and left out of the load test.
SLOW_MS = 5000
TARGET_DASHBOARD_MS = 150
TARGET_PAGE_MS = 50
SLOW_PAGES = ("/dasbor/", "/dasbor/?")  # 150 ms; every other page 50 ms


def setup_django(url):
    os.environ.update(SERVER_ENV)
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


# --- 1. Databases -------------------------------------------------------------------------------


def ensure_database(name):
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare(url, businesses):
    """Run in a subprocess: migrate, and seed unless the database already has `businesses`."""
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from registry.models import Business

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    existing = Business.objects.count()
    if existing == businesses:
        print(f"  {connection.settings_dict['NAME']}: reusing {existing:,} businesses")
    else:
        call_command("seed_demo", businesses=businesses, reset=True, interactive=False, geojson=GEOJSON, verbosity=0)
        call_command("publish_catalogue", verbosity=0)
        if Path(GEOJSON).exists():
            call_command("load_boundaries", GEOJSON, verbosity=0)
        print(f"  {connection.settings_dict['NAME']}: seeded {businesses:,} businesses")
    from dashboard import summary

    if not summary.is_built():  # seeded by COPY, or migrated to the summary: fill it once
        summary_started = time.monotonic()
        call_command("rebuild_dashboard_summary", verbosity=0)
        print(f"  dashboard summary rebuilt in {time.monotonic() - summary_started:.0f} s")
    # Bulk-loaded tables have no statistics (bad plans) and no visibility map (no
    # index-only counts) until autovacuum comes by: do it now, as a DBA would after a load.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  ready in {time.monotonic() - started:.0f} s")


# --- The pages ------------------------------------------------------------------------------------


def plan():
    """{role: [(label, path)]} with real ids from the database, and the demo logins."""
    from django.contrib.auth import get_user_model

    from catalogue.models import PublishedProduct
    from organizations.models import DataDrive
    from registry.models import Business

    User = get_user_model()
    pelaku = User.objects.get(username="pelaku")
    own = Business.objects.filter(owner=pelaku).order_by("pk").first()
    # A database whose catalogue is not published yet (publish_catalogue takes 40 min at
    # 100,000) has no product page: left out, and the desa page is a registered desa's.
    product = PublishedProduct.objects.order_by("pk").first()
    desa = PublishedProduct.objects.values_list("desa_id", flat=True).order_by("pk").first()
    desa = desa or Business.objects.exclude(desa=None).values_list("desa_id", flat=True).order_by("pk").first()
    nib = Business.objects.exclude(nib=None).order_by("pk").values_list("nib", flat=True).first()
    drive = DataDrive.objects.order_by("-pk").first()
    kbli_id = Business.objects.exclude(kbli=None).values_list("kbli_id", flat=True).order_by("pk").first()
    pages = {
        "anonim": [
            ("beranda", "/"),
            ("katalog", "/katalog/"),
            ("katalog q=batik", "/katalog/?q=batik"),
            ("katalog q=kerupuk udang", "/katalog/?q=kerupuk+udang"),
            ("katalog q=krupuk (salah ketik)", "/katalog/?q=krupuk"),
            *([("halaman produk", f"/katalog/produk/{product.pk}/")] if product else []),
            ("desa", f"/desa/{desa}/"),
        ],
        "dinas": [
            ("dasbor", "/dasbor/"),
            ("dasbor kecamatan Kerek", "/dasbor/?kecamatan=35.23.08"),
            ("dasbor tahun+komoditas", "/dasbor/?tahun=2024&komoditas=makanan_minuman"),
            ("dasbor KBLI+kelas", f"/dasbor/?kbli={kbli_id}&kelas=kecil"),
            (
                "dasbor semua saringan",
                f"/dasbor/?tahun=2025&kecamatan=35.23.08&komoditas=makanan_minuman&kbli={kbli_id}&kelas=kecil",
            ),
            ("dasbor daftar usaha", "/dasbor/usaha/"),
            ("dasbor daftar kecamatan", "/dasbor/usaha/?kecamatan=35.23.08"),
            ("peta", "/dasbor/peta/"),
            ("data peta", "/dasbor/peta/data.geojson"),
            ("antrean verifikasi", "/dinas/"),
            ("admin daftar usaha", "/admin/registry/business/"),
            ("admin cari NIB", f"/admin/registry/business/?q={nib}"),
        ],
        "pimpinan": [
            ("dasbor", "/dasbor/"),
            ("dasbor daftar usaha", "/dasbor/usaha/"),
        ],
        "pengurus": [
            ("anggota", "/asosiasi/anggota/"),
            ("pendataan", "/asosiasi/pendataan/"),
            ("pendataan berjalan", f"/asosiasi/pendataan/{drive.pk}/" if drive else "/asosiasi/pendataan/"),
            (
                "pendataan: belum lengkap hlm 2",
                f"/asosiasi/pendataan/{drive.pk}/?tampil=belum&page=2" if drive else "/asosiasi/pendataan/",
            ),
            ("anggota: cari", "/asosiasi/anggota/?q=jaya"),
            ("anggota: kelengkapan rendah", "/asosiasi/anggota/?band=rendah"),
        ],
        "pelaku": [
            ("usaha saya", "/usaha/"),
            ("ringkasan usaha", f"/usaha/{own.pk}/"),
            ("produk usaha", f"/usaha/{own.pk}/produk/"),
            ("papan permintaan", "/permintaan/"),
        ],
    }
    users = {role: User.objects.get(username=role) for role in pages if role != "anonim"}
    return pages, users


def run_counts(url):
    """Run in a subprocess: {role: {label: queries}} through Django's test client."""
    setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages, users = plan()
    result = {}
    for role, items in pages.items():
        client = Client()
        if role in users:
            client.force_login(users[role])
            verify_second_factor(client, users[role])
        result[role] = {}
        for label, path in items:
            if label in KNOWN_UNBOUNDED:
                result[role][label] = "skipped"
                continue
            client.get("/healthz")  # the first request fills per-process caches (content types)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            result[role][label] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    print(json.dumps(result))


def verify_second_factor(client, user):
    """Staff pages need the second factor: mark the logged-in session verified."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not user.is_staff:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def run_sessions(url):
    """Run in a subprocess: the pages and a logged-in session cookie per role."""
    setup_django(url)
    from django.test import Client

    pages, users = plan()
    cookies = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        cookies[role] = client.cookies["sessionid"].value
    print(json.dumps({"pages": pages, "cookies": cookies}))


def subprocess_json(*args):
    completed = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if completed.returncode:
        sys.stderr.write(completed.stderr)
        raise SystemExit(f"{args[0]} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


# --- 3. and 4. Over HTTP ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(url, port):
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": url}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [
            gunicorn,
            "tuban_ikm.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    for _attempt in range(100):
        try:
            if fetch(port, "/healthz")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def fetch(port, path, cookie=None, connection=None):
    """(status, milliseconds) of one GET; reuses `connection` when given (keep-alive)."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if own:
        connection.close()
    return response.status, elapsed


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def sequential(port, pages, cookies, rounds, only):
    rows = []
    for role, items in pages.items():
        for label, path in items:
            if only and not any(path.startswith(prefix) for prefix in only):
                continue
            if label in KNOWN_UNBOUNDED:
                rows.append((role, label, path, None, None, {KNOWN_UNBOUNDED[label]}))
                continue
            status, first = fetch(port, path, cookies.get(role))  # warm
            times, statuses = [], {status}
            for _round in range(1 if first > SLOW_MS else rounds):
                status, ms = fetch(port, path, cookies.get(role))
                times.append(ms)
                statuses.add(status)
            rows.append((role, label, path, statistics.median(times), p95(times), statuses))
    return rows


def load(port, pages, cookies, users, seconds):
    """`users` threads, each asking its role's pages in turn for `seconds`."""
    roles = [role for role in pages if pages[role]]
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def user(index):
        rng = random.Random(index)
        role = roles[index % len(roles)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        while time.monotonic() < deadline:
            _label, path = rng.choice(pages[role])
            try:
                status, ms = fetch(port, path, cookies.get(role), connection)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status, ms = 0, 0.0
            mine.append((status, ms))
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times = [ms for status, ms in results if status == 200]
    errors = sum(1 for status, _ms in results if status != 200)
    return len(results), elapsed, times, errors


def target_for(path):
    return TARGET_DASHBOARD_MS if path == "/dasbor/" or path.startswith("/dasbor/?") else TARGET_PAGE_MS


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--businesses", type=int, default=int(os.environ.get("BENCH_BUSINESSES", 100_000)))
    parser.add_argument("--small", type=int, default=1000, help="businesses in the database for query counts")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-load", action="store_true", help="no concurrent-users run")
    parser.add_argument("--skip-counts", action="store_true", help="no query counts")
    parser.add_argument("--only", action="append", help="only paths starting with this (repeatable)")
    parser.add_argument("--large-db", default=LARGE_DB, help=f"database at --businesses ({LARGE_DB})")
    parser.add_argument("--small-db", default=SMALL_DB, help=f"database at --small, for query counts ({SMALL_DB})")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode == "prepare":
        return prepare(args.url, args.businesses)
    if args.mode == "counts":
        return run_counts(args.url)
    if args.mode == "sessions":
        return run_sessions(args.url)

    large_db, small_db = args.large_db, args.small_db
    large, small = f"{SERVER}/{large_db}", f"{SERVER}/{small_db}"
    print(
        f"Machine: {os.cpu_count()} CPU, {socket.gethostname()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    print("1. Databases")
    for url, name, count in ((large, large_db, args.businesses), (small, small_db, args.small)):
        if args.skip_counts and name == small_db:
            continue
        ensure_database(name)
        completed = subprocess.run(
            [sys.executable, __file__, "--mode", "prepare", "--url", url, "--businesses", str(count)], check=False
        )
        if completed.returncode:
            raise SystemExit(f"preparing {name} failed")

    # DEBUG off serves hashed static names from the manifest: collect them first.
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": large}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    counts = {}
    if not args.skip_counts:
        print("2. SQL queries per page (in-process)")
        counts["large"] = subprocess_json("--mode", "counts", "--url", large)
        counts["small"] = subprocess_json("--mode", "counts", "--url", small)

    setup = subprocess_json("--mode", "sessions", "--url", large)
    pages, cookies = setup["pages"], setup["cookies"]
    if args.only:
        pages = {
            role: [(lb, p) for lb, p in items if any(p.startswith(o) for o in args.only)]
            for role, items in pages.items()
        }
    port = free_port()
    server = start_gunicorn(large, port)
    try:
        floor = statistics.median(fetch(port, "/healthz")[1] for _ in range(args.rounds))
        print(f"3. One user, {args.rounds} sequential requests per page, gunicorn 2 workers, DEBUG off")
        print(f"   /healthz median {floor:.1f} ms")
        header = f"   {'role':<9} {'page':<32} {'median ms':>10} {'p95 ms':>8} {'target':>7}"
        if counts:
            header += f" {'SQL ' + format(args.small, ','):>10} {'SQL ' + format(args.businesses, ','):>12}"
        print(header)
        missed = 0
        slow = set()
        for role, label, path, median, high, statuses in sequential(port, pages, cookies, args.rounds, args.only):
            target = target_for(path)
            if median is None:
                print(f"   {role:<9} {label:<32} {'-':>10} {'-':>8} {target:>7}  <- not timed: {statuses.pop()}")
                missed += 1
                slow.add(path)
                continue
            if median > SLOW_MS:
                slow.add(path)
            ok = median <= target and statuses == {200}
            missed += not ok
            line = f"   {role:<9} {label:<32} {median:>10.0f} {high:>8.0f} {target:>7}"
            if counts:
                line += f" {counts['small'][role][label]!s:>10} {counts['large'][role][label]!s:>12}"
            flags = "" if ok else "  <- " + ("MISSED" if statuses == {200} else f"HTTP {sorted(statuses)}")
            if counts and counts["small"][role][label] != counts["large"][role][label]:
                flags += "  <- queries grow with the data"
            print(line + flags)
        print(f"   {missed} page(s) over target")
        if not args.skip_load:
            print(f"4. {args.users} concurrent users for {args.seconds} s (each cycles its role's pages)")
            loaded = {role: [(lb, p) for lb, p in items if p not in slow] for role, items in pages.items()}
            if slow:
                print(f"   left out (over {SLOW_MS} ms or not timed): {', '.join(sorted(slow))}")
            total, elapsed, times, errors = load(port, loaded, cookies, args.users, args.seconds)
            print(
                f"   {total:,} requests in {elapsed:.0f} s: {total / elapsed:.1f} req/s, "
                f"median {statistics.median(times) if times else 0:.0f} ms, p95 {p95(times) if times else 0:.0f} ms, "
                f"errors {errors}"
            )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
