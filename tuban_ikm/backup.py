"""Backup and restore of the whole registry: database plus uploaded files, in one archive.

The archive is a .tar.gz holding
- manifest.json: date, engine, Django version, applied migrations per app, row counts per table,
  file counts;
- database.dump (PostgreSQL, pg_dump custom format, --no-owner) or db.sqlite3 (SQLite, copied
  with sqlite3's online backup API, so a running site can be backed up);
- media/ (settings.MEDIA_ROOT) and private/ (settings.PRIVATE_MEDIA_ROOT, when the project has
  such a setting and the folder exists).

Restore refuses a database that already holds data unless forced, refuses an archive made by a
newer version of the code (migrations this code does not know) or by another database engine,
and replaces the database in one transaction: a failed restore leaves the old data in place.
The management commands `backup` and `restore` are thin wrappers around backup_create and
backup_restore.
"""

import datetime
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
PG_DUMP_NAME = "database.dump"
SQLITE_NAME = "db.sqlite3"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator."""


@dataclass
class RestoreResult:
    manifest: dict
    files: dict = field(default_factory=dict)
    pending_migrations: list = field(default_factory=list)


# --- what is in the database ---------------------------------------------------------------


def engine_name():
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(_("Basis data %(vendor)s tidak didukung: hanya PostgreSQL dan SQLite.") % {"vendor": vendor})
    return vendor


def table_names(cursor=None):
    """Every table in the database, including migrations, sessions and history tables."""
    if cursor is None:
        with connection.cursor() as cursor:
            return table_names(cursor)
    return sorted(name for name in connection.introspection.table_names(cursor) if not name.startswith("sqlite_"))


def row_counts(cursor=None):
    if cursor is None:
        with connection.cursor() as cursor:
            return row_counts(cursor)
    counts = {}
    for table in table_names(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor=None):
    """{app: [migration names]} as recorded in django_migrations (empty when there is none)."""
    if cursor is None:
        with connection.cursor() as cursor:
            return applied_migrations(cursor)
    if "django_migrations" not in table_names(cursor):
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    state = {}
    for app, name in cursor.fetchall():
        state.setdefault(app, []).append(name)
    return state


def database_holds_data():
    """True when the database has user accounts or businesses: restoring over it needs --force.

    A freshly migrated database is not "data": migrations themselves load regions, KBLI and roles.
    """
    tables = set(table_names())
    for model in (apps.get_model(settings.AUTH_USER_MODEL), apps.get_model("registry", "Business")):
        if model._meta.db_table in tables and model._default_manager.using("default").exists():
            return True
    return False


def database_fingerprint():
    """{table: {"rows": n, "sha256": digest}} for every model's table (history and m2m tables
    included), rows ordered by primary key. Used to prove a restore gives back the same data."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed and not model._meta.auto_created:
            continue
        digest = hashlib.sha256()
        rows = 0
        columns = [f.column for f in model._meta.concrete_fields]
        for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
            digest.update(repr(row).encode())
            rows += 1
        result[model._meta.db_table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def files_fingerprint(root):
    """{relative path: sha256} of every file under root (empty when root is missing)."""
    root = Path(root) if root else None
    if root is None or not root.is_dir():
        return {}
    result = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        result[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def file_roots():
    """{"media": path, "private": path or None}: the folders that go into the archive."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(private) if private else None}


# --- PostgreSQL tools ------------------------------------------------------------------------


def pg_tool(name):
    """pg_dump, pg_restore or psql from PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found

    def version(path):
        try:
            return int(Path(path).parts[-3])
        except (ValueError, IndexError):
            return 0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version, reverse=True)
    if not candidates:
        raise BackupError(_("Program %(name)s tidak ditemukan: pasang postgresql-client.") % {"name": name})
    return candidates[0]


def pg_connection_args():
    db = connection.settings_dict
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env, db["NAME"]


def run(command, env, **kwargs):
    completed = subprocess.run(command, env=env, capture_output=True, **kwargs)
    if completed.returncode != 0:
        stderr = completed.stderr.decode(errors="replace").strip()
        raise BackupError(_("%(program)s gagal: %(error)s") % {"program": Path(command[0]).name, "error": stderr})
    return completed


# --- backup ----------------------------------------------------------------------------------


def _dump_database(workdir):
    """Write the database into workdir; return (file name, row counts, migrations) of one snapshot."""
    engine = engine_name()
    connection.ensure_connection()
    if engine == "sqlite":
        target = workdir / SQLITE_NAME
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        # Count in the copy, so the manifest describes exactly what was saved.
        copy = sqlite3.connect(target)
        try:
            tables = [
                name
                for (name,) in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                if not name.startswith("sqlite_")
            ]
            counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
            migrations = {}
            if "django_migrations" in tables:
                for app, name in copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
                    migrations.setdefault(app, []).append(name)
        finally:
            copy.close()
        return SQLITE_NAME, counts, migrations

    # PostgreSQL: count rows and dump inside one exported snapshot, so both see the same data
    # even while the site keeps taking writes.
    args, env, name = pg_connection_args()
    target = workdir / PG_DUMP_NAME
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = row_counts(cursor)
        migrations = applied_migrations(cursor)
        run(
            [pg_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges"]
            + [f"--snapshot={snapshot}", f"--file={target}", name],
            env,
        )
    return PG_DUMP_NAME, counts, migrations


def backup_create(*, output):
    """Write a backup archive to `output` (.tar.gz) and return its manifest."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ikm-backup-") as tmp:
        workdir = Path(tmp)
        db_file, counts, migrations = _dump_database(workdir)
        roots = file_roots()
        files = {}
        for key, root in roots.items():
            files[key] = len(files_fingerprint(root)) if root else 0
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "django": django.get_version(),
            "database_file": db_file,
            "migrations": migrations,
            "row_counts": counts,
            "files": files,
        }
        (workdir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        # Write next to the target, then rename: a broken run never leaves a half archive.
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(workdir / MANIFEST, arcname=MANIFEST)
            archive.add(workdir / db_file, arcname=db_file)
            for key, root in roots.items():
                if root and root.is_dir():
                    archive.add(root, arcname=key)
                else:
                    empty = workdir / f"empty-{key}"
                    empty.mkdir()
                    archive.add(empty, arcname=key)
        partial.replace(output)
    return manifest


# --- restore ---------------------------------------------------------------------------------


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        message = _("Berkas %(path)s bukan cadangan yang sah: %(error)s")
        raise BackupError(message % {"path": archive_path, "error": error}) from None


def check_migrations(manifest):
    """Refuse an archive from newer code; return the migrations this code has that it lacks."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    recorded = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    # A migration recorded in the backup but absent here means the backup's schema is newer.
    unknown = sorted(recorded - known)
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:10])
        raise BackupError(
            _(
                "Cadangan dibuat oleh versi aplikasi yang lebih baru atau berbeda: migrasi %(names)s "
                "tidak dikenal kode ini. Pasang versi kode yang sama lalu ulangi."
            )
            % {"names": names}
        )
    return sorted(f"{app}.{name}" for app, name in known - recorded)


def _restore_sqlite(source_file):
    connection.close()
    connection.ensure_connection()
    source = sqlite3.connect(source_file)
    try:
        # The backup API replaces every page of the live database in one step.
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_postgresql(dump_file):
    args, env, name = pg_connection_args()
    script = run([pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump_file)], env).stdout
    # One transaction: drop what is there, then load the dump. An error rolls back both.
    prefix = b"SET client_min_messages = warning;\nDROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    connection.close()
    run(
        [pg_tool("psql"), *args, "--quiet", "--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
        + ["--dbname", name, "--file=-"],
        env,
        input=prefix + script,
    )


def _replace_folder(source, target):
    """Put the archive's folder in place of target; old files go only once the new ones are there."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".restoring")
    old = target.with_name(target.name + ".old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(source, staging)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    if old.exists():
        shutil.rmtree(old)
    return len([p for p in target.rglob("*") if p.is_file()])


def backup_restore(*, archive, force=False):
    """Restore a backup archive into the configured database and file folders."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_("Berkas cadangan tidak ditemukan: %(path)s") % {"path": archive})
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("Format cadangan %(format)s tidak dikenal.") % {"format": manifest.get("format")})
    engine = engine_name()
    if manifest.get("engine") != engine:
        raise BackupError(
            _("Cadangan ini dari basis data %(source)s, sedangkan basis data sekarang %(target)s.")
            % {"source": manifest.get("engine"), "target": engine}
        )
    pending = check_migrations(manifest)
    if not force and database_holds_data():
        raise BackupError(
            _(
                "Basis data ini sudah berisi data (akun pengguna atau usaha). Pemulihan akan menimpa "
                "semuanya: ulangi dengan --force bila memang itu yang dimaksud."
            )
        )
    result = RestoreResult(manifest=manifest, pending_migrations=pending)
    with tempfile.TemporaryDirectory(prefix="ikm-restore-") as tmp:
        workdir = Path(tmp)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The "data" filter refuses absolute paths, links out of the folder and devices.
                tar.extractall(workdir, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise BackupError(_("Berkas cadangan rusak: %(error)s") % {"error": error}) from error
        db_file = workdir / manifest.get("database_file", "")
        if not db_file.is_file():
            raise BackupError(_("Berkas basis data tidak ada di dalam cadangan."))
        if engine == "sqlite":
            _restore_sqlite(db_file)
        else:
            _restore_postgresql(db_file)

        counts = row_counts()
        expected = manifest.get("row_counts", {})
        wrong = sorted(t for t, n in expected.items() if counts.get(t) != n)
        if wrong:
            raise BackupError(
                _("Jumlah baris setelah pemulihan tidak sama dengan manifes pada tabel: %(tables)s")
                % {"tables": ", ".join(wrong[:10])}
            )
        for key, root in file_roots().items():
            source = workdir / key
            if not source.is_dir():
                continue
            if root is None:
                # The archive holds private files but this site has no PRIVATE_MEDIA_ROOT: say so.
                if any(p.is_file() for p in source.rglob("*")):
                    result.files[key] = None
                continue
            result.files[key] = _replace_folder(source, root)
    return result
