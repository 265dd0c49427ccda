"""`manage.py backup` / `restore`: back up, wipe, restore, and every table and file is back.

The round trips run the real commands in subprocesses against a database of their own (a
temporary SQLite file; on PostgreSQL a throwaway database named after the test database's
server settings), because restoring replaces the whole database. The refusals run in-process.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import BusinessFactory
from tuban_ikm import backup

PROJECT = Path(settings.BASE_DIR)


class Site:
    """One throwaway installation: its own database, media and private folders, settings module."""

    def __init__(self, root, database_url, private=True):
        self.root = root
        self.database_url = database_url
        self.media = root / "media"
        self.private = root / "private" if private else None
        settings_dir = root / "settings"
        settings_dir.mkdir(parents=True)
        lines = [
            "from tuban_ikm.settings_test import *  # noqa",
            f"MEDIA_ROOT = {str(self.media)!r}",
            f"PRIVATE_MEDIA_ROOT = {str(self.private)!r}" if private else "PRIVATE_MEDIA_ROOT = None",
        ]
        (settings_dir / "backup_site_settings.py").write_text("\n".join(lines) + "\n")
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "backup_site_settings",
            "PYTHONPATH": os.pathsep.join([str(settings_dir), str(PROJECT)]),
        }

    def manage(self, *args, check=True):
        completed = subprocess.run(
            [sys.executable, str(PROJECT / "manage.py"), *args],
            cwd=PROJECT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and completed.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
        return completed

    def fingerprint(self):
        code = "import json; from tuban_ikm import backup; print(json.dumps(backup.database_fingerprint()))"
        return json.loads(self.manage("shell", "-c", code).stdout.strip().splitlines()[-1])

    def files(self):
        return {"media": backup.files_fingerprint(self.media), "private": backup.files_fingerprint(self.private)}

    def add_files(self):
        (self.media / "produk" / "1").mkdir(parents=True)
        (self.media / "produk" / "1" / "keripik.jpg").write_bytes(b"\xff\xd8 foto produk " * 50)
        if self.private:
            (self.private / "dokumen").mkdir(parents=True)
            (self.private / "dokumen" / "nib.pdf").write_bytes(b"%PDF-1.4 dokumen pribadi")

    def seed(self):
        self.manage("migrate", "--noinput", "-v0")
        self.manage("seed_demo", "--businesses", "20", "--password", "demo-uji-123")
        # seed_demo writes in bulk, without history: make some history rows too.
        code = (
            "from registry.models import Business, Product\n"
            "for b in Business.objects.order_by('pk')[:3]: b.save()\n"
            "for p in Product.objects.order_by('pk')[:2]: p.save()\n"
        )
        self.manage("shell", "-c", code)

    def wipe_files(self):
        for folder in (self.media, self.private):
            if folder and folder.exists():
                shutil.rmtree(folder)


def round_trip(site, wipe_database, full=True):
    site.add_files()
    before, files_before = site.fingerprint(), site.files()
    archive = site.root / "cadangan.tar.gz"
    out = site.manage("backup", str(archive)).stdout
    assert "Cadangan ditulis" in out

    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == ("postgresql" if site.database_url.startswith("postgres") else "sqlite")
    assert "0001_initial" in manifest["migrations"]["registry"]
    assert manifest["row_counts"]["registry_business"] == 20
    assert manifest["row_counts"]["registry_historicalbusiness"] == before["registry_historicalbusiness"]["rows"] > 0
    assert manifest["files"] == {"media": 1, "private": 1 if site.private else 0}

    # The site holds data: a restore without --force is refused and changes nothing.
    refused = site.manage("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr

    wipe_database()
    site.wipe_files()
    assert site.files() == {"media": {}, "private": {}}

    out = site.manage("restore", str(archive)).stdout
    assert "jumlah baris cocok dengan manifes" in out
    after = site.fingerprint()
    assert after == before
    assert sum(t["rows"] for t in after.values()) > 1000
    assert site.files() == files_before
    assert files_before["media"] and (bool(files_before["private"]) == bool(site.private))

    if not full:
        return
    # Sequences came back too: new rows (and their history rows) get fresh keys.
    site.manage("shell", "-c", "from registry.models import Business; Business.objects.first().save()")
    history_rows = site.fingerprint()["registry_historicalbusiness"]["rows"]
    assert history_rows == before["registry_historicalbusiness"]["rows"] + 1

    # Restoring over the (now non-empty) database works with --force and gives the backup back.
    site.manage("restore", str(archive), "--force")
    assert site.fingerprint() == before


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory):
    """A migrated SQLite file with demo data, made once for the module (migrate takes a while)."""
    root = tmp_path_factory.mktemp("seeded")
    database = root / "site.sqlite3"
    Site(root, f"sqlite:///{database}").seed()
    return database


def sqlite_site(tmp_path, seeded_sqlite, private):
    database = tmp_path / "site.sqlite3"
    shutil.copy(seeded_sqlite, database)
    return Site(tmp_path, f"sqlite:///{database}", private=private), database


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite round trip; PostgreSQL has its own")
def test_sqlite_backup_wipe_restore_gives_back_every_row_and_file(tmp_path, seeded_sqlite):
    site, database = sqlite_site(tmp_path, seeded_sqlite, private=True)
    round_trip(site, wipe_database=database.unlink)


def pg_admin(sql):
    import psycopg2

    db = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or None
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(sql)
    finally:
        admin.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL pointing at PostgreSQL")
def test_postgresql_backup_wipe_restore_gives_back_every_row_and_file(tmp_path):
    db = connection.settings_dict
    # A throwaway database beside the test database, e.g. wt_ops -> wt_ops_backup_roundtrip.
    name = f"{os.environ.get('DATABASE_URL', '').rsplit('/', 1)[-1] or 'tuban_ikm'}_backup_roundtrip"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"

    def recreate():
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{name}"')

    recreate()
    try:
        site = Site(tmp_path, url)
        site.seed()
        round_trip(site, wipe_database=recreate)
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- refusals, in-process --------------------------------------------------------------------


def fake_archive(path, **manifest_changes):
    manifest = {
        "format": backup.FORMAT_VERSION,
        "created": "2026-12-01T00:00:00+00:00",
        "engine": connection.vendor,
        "database_file": "db.sqlite3",
        "migrations": backup.applied_migrations(),
        "row_counts": {},
        "files": {"media": 0, "private": 0},
        **manifest_changes,
    }
    with tarfile.open(path, "w:gz") as archive:
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def restore(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db
def test_restore_refuses_a_database_with_businesses_without_force(tmp_path):
    BusinessFactory()
    with pytest.raises(CommandError, match="sudah berisi data.*--force"):
        restore(fake_archive(tmp_path / "a.tar.gz"))


@pytest.mark.django_db
def test_restore_refuses_a_backup_made_by_newer_code_even_with_force(tmp_path):
    migrations = backup.applied_migrations()
    migrations["registry"] = [*migrations["registry"], "9999_from_the_future"]
    with pytest.raises(CommandError, match=r"registry\.9999_from_the_future tidak dikenal"):
        restore(fake_archive(tmp_path / "a.tar.gz", migrations=migrations), "--force")


@pytest.mark.django_db
def test_restore_refuses_a_backup_from_another_database_engine(tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    with pytest.raises(CommandError, match=f"dari basis data {other}"):
        restore(fake_archive(tmp_path / "a.tar.gz", engine=other), "--force")


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    path = tmp_path / "bukan.tar.gz"
    path.write_bytes(b"bukan arsip")
    with pytest.raises(CommandError, match="bukan cadangan yang sah"):
        restore(path)
    with pytest.raises(CommandError, match="tidak ditemukan"):
        restore(tmp_path / "tidak-ada.tar.gz")


def test_an_older_backup_is_accepted_and_the_missing_migrations_are_named():
    state = {"registry": ["0001_initial"], "auth": ["0001_initial"]}
    pending = backup.check_migrations({"migrations": state})
    assert "registry.0002_" in " ".join(pending)
    assert "registry.0001_initial" not in pending


def test_pg_tools_are_found_on_path_or_in_the_postgresql_folder():
    assert Path(backup.pg_tool("pg_dump")).name == "pg_dump"
