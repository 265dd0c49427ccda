"""A real outage: the app runs against a throwaway PostgreSQL cluster that is stopped and
started again under it. Pages answer the Indonesian 503 page while it is down and work again
by themselves when it is back (conn_health_checks replaces the broken connection).

Needs the PostgreSQL server binaries (initdb, pg_ctl); skipped when they are missing.
Takes about 10 s: the cluster's tables are made from the models, without migrations.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.outage

ROOT = Path(__file__).resolve().parents[2]
DOWN_TEXT = "Registri sedang tidak dapat dihubungi karena gangguan pada basis data"


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl and shutil.which("initdb") else None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class Cluster:
    def __init__(self, bin_dir, folder, port):
        self.bin_dir, self.folder, self.port = bin_dir, folder, port
        self.data = folder / "data"

    def run(self, *args):
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture
def cluster():
    bin_dir = postgres_bin()
    if bin_dir is None or (os.geteuid() == 0 and shutil.which("runuser") is None):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="tuban-outage-"))
    cluster = Cluster(bin_dir, folder, free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_server(cluster):
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/postgres",
        "DJANGO_SETTINGS_MODULE": "tests.robust.outage_settings",
        "DB_CONNECT_TIMEOUT": "2",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--run-syncdb", "-v0"], env=env, cwd=ROOT, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", "--nothreading", "--skip-checks", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pages_answer_503_while_the_database_is_down_and_recover_when_it_is_back(cluster, app_server):
    started = time.monotonic()
    status, content, _ = get(f"{app_server}/")
    assert status == 200
    assert get(f"{app_server}/healthz")[0] == 200

    cluster.stop()
    for path in ["/", "/katalog/"]:
        status, content, headers = get(f"{app_server}{path}")
        assert status == 503, path
        assert DOWN_TEXT in content
        assert headers.get("Retry-After") == "30"
    status, content, _ = get(f"{app_server}/healthz")
    assert status == 503
    assert '"database": "unavailable"' in content

    cluster.start()
    assert get(f"{app_server}/")[0] == 200
    assert get(f"{app_server}/katalog/")[0] == 200
    assert get(f"{app_server}/healthz")[0] == 200
    assert time.monotonic() - started < 20
