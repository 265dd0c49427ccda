from django.core.management.base import BaseCommand, CommandError

from dashboard import summary
from demo import seed as demo
from tuban_ikm import roles


def number(value):
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = (
        "Make deterministic, realistic demo data for Tuban (businesses in all 20 kecamatan with "
        "their products, production reports, markets, certificates, needs, aid and memberships "
        "in the umbrella association) and the demo logins dinas, pimpinan, pengurus and pelaku. "
        "Same --seed, same data. Demo data is made once: when the registry already holds "
        "businesses the command only resets the demo logins' passwords and says so. --reset "
        "first DELETES EVERY business, product, association and their history (regions, KBLI "
        "and user accounts stay): for development and demo databases only. Rows are written in "
        "bulk (bulk_create, COPY or multi-row INSERT), so no django-simple-history rows are "
        "recorded for the demo data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--businesses", type=int, default=demo.DEFAULT_BUSINESSES, help="jumlah usaha (300)")
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="benih acak (2022)")
        parser.add_argument("--password", default=demo.DEFAULT_PASSWORD, help="kata sandi akun demo (demo12345)")
        parser.add_argument(
            "--reset", action="store_true", help="hapus SEMUA data usaha dan asosiasi lalu buat ulang data demo"
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="jangan minta konfirmasi"
        )
        parser.add_argument(
            "--geojson",
            default=str(demo.DEFAULT_GEOJSON),
            help="GeoJSON desa dengan titik tengah (properti kode, lat, lng); tanpa berkas, tanpa koordinat",
        )

    def handle(self, *args, businesses, seed, password, reset, interactive, geojson, verbosity, **options):
        if businesses < 1:
            raise CommandError("--businesses minimal 1.")
        if reset and interactive and demo.demo_data_exists():
            answer = input(
                "--reset menghapus SEMUA usaha, produk, asosiasi beserta riwayatnya di basis data ini. "
                "Ketik 'ya' untuk melanjutkan: "
            )
            if answer.strip().lower() != "ya":
                raise CommandError("Dibatalkan.")

        def progress(done, total):
            if verbosity >= 2:
                self.stdout.write(f"  {number(done)}/{number(total)} usaha")

        # The dashboard's summary is recomputed once at the end (as rebuild_dashboard_summary
        # does), not on every save of the seed; an existing demo keeps its summary.
        creating = reset or not demo.demo_data_exists()
        if creating:
            summary.suspend()
        try:
            result = demo.demo_seed(
                businesses=businesses, seed=seed, password=password, reset=reset, geojson=geojson, progress=progress
            )
        except LookupError as error:
            raise CommandError(str(error)) from error

        if creating:
            summary.rebuild()
        if result.created:
            c = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo dibuat (seed {seed}) dalam {result.seconds:.1f} detik:".replace(".", ",")
                )
            )
            lines = [
                f"{number(c['Business'])} usaha IKM di {c['kecamatan']} kecamatan ({number(c.get('aktif', 0))} aktif)",
                f"{number(c['Product'])} produk, {number(c['RawMaterial'])} bahan baku",
                f"{number(c['ProductionReport'])} laporan produksi",
                f"{number(c['MarketArea'])} wilayah pemasaran",
                f"{number(c['Certification'])} sertifikasi",
                f"{number(c['Need'])} kebutuhan, {number(c['Assistance'])} bantuan",
                f"{c['Association']} asosiasi/unit, {number(c['Membership'])} keanggotaan",
            ]
            for line in lines:
                self.stdout.write(f"  {line}")
            if not result.coordinates:
                self.stdout.write(f"  (tanpa koordinat: berkas {geojson} tidak ada)")
        else:
            self.stdout.write(self.style.WARNING(result.message + " Pakai --reset untuk menghapus dan membuat ulang."))

        pelaku = f"Pelaku IKM, pemilik {result.pelaku_business}" if result.pelaku_business else "Pelaku IKM"
        logins = [
            ("dinas", roles.STAF_DINAS),
            ("pimpinan", f"{roles.PIMPINAN} (hanya lihat dan ekspor)"),
            ("pengurus", f"{roles.PENGURUS_ASOSIASI}, ketua {demo.UMBRELLA_NAME}"),
            ("pelaku", pelaku),
        ]
        self.stdout.write("Akun demo (nama pengguna / kata sandi / peran):")
        for username, role in logins:
            self.stdout.write(f"  {username:<9} / {password} / {role}")
        self.stdout.write(
            "Staf (dinas, pimpinan) memakai verifikasi dua langkah: setelah kata sandi, masukkan kode 6 angka.\n"
            f"  Kunci autentikator demo: {demo.DEMO_TOTP_SECRET} (tambahkan di aplikasi autentikator),\n"
            "  atau lihat kode saat ini dengan: python manage.py demo_otp_code"
        )
