from django.core.management.base import BaseCommand

from demo.contributions import CONTRIBUTIONS, run_contributions


class Command(BaseCommand):
    help = (
        "Isi setiap layar demo (penilaian OVOP, permintaan, pesan, program bantuan...) dari "
        "modul demo_seed tiap aplikasi; jalankan sesudah seed_demo, publish_catalogue dan seed_reporting_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2022, help="benih acak (2022)")
        parser.add_argument("--password", default="demo12345", help="kata sandi akun demo (demo12345)")

    def handle(self, *args, seed, password, **options):
        summaries = run_contributions(seed=seed, password=password)
        self.stdout.write(f"Layar demo diisi: {', '.join(CONTRIBUTIONS)}.")
        for summary in summaries:
            self.stdout.write(f"  {summary}")
        self.stdout.write(f"  pembeli   / {password} / Pembeli (papan permintaan)")
        self.stdout.write(f"  penilai   / {password} / Penilai OVOP")
