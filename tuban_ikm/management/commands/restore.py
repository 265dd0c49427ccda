"""restore: put a backup archive made by `backup` back (see tuban_ikm/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from tuban_ikm import backup


class Command(BaseCommand):
    help = (
        "Pulihkan arsip dari perintah backup: basis data dan berkas unggahan diganti seluruhnya. "
        "Menolak basis data yang sudah berisi akun atau usaha kecuali dengan --force, menolak "
        "cadangan dari versi kode yang lebih baru (migrasi tidak dikenal) atau dari mesin basis "
        "data lain. Basis data diganti dalam satu transaksi, lalu jumlah baris dicocokkan dengan "
        "manifes."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", metavar="INPUT", help="arsip .tar.gz dari perintah backup")
        parser.add_argument("--force", action="store_true", help="timpa basis data yang sudah berisi data")

    def handle(self, *args, input, force, **options):
        try:
            result = backup.backup_restore(archive=input, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari {input} (dibuat {manifest['created']}): {len(manifest['row_counts'])} tabel, "
                f"{sum(manifest['row_counts'].values())} baris, jumlah baris cocok dengan manifes."
            )
        )
        for key, count in result.files.items():
            if count is None:
                self.stderr.write(
                    self.style.WARNING(f"Cadangan berisi berkas {key}/, tetapi situs ini tidak punya folder untuknya.")
                )
            else:
                self.stdout.write(f"  {key}/: {count} berkas")
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"Cadangan lebih lama dari kode ini ({len(result.pending_migrations)} migrasi belum diterapkan): "
                    "jalankan python manage.py migrate."
                )
            )
