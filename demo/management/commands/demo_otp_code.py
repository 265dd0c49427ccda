from django.core.management.base import BaseCommand

from demo import users as demo


class Command(BaseCommand):
    help = (
        "Cetak kode verifikasi dua langkah saat ini untuk akun staf demo (dinas, pimpinan), "
        "dari kunci demo yang dipublikasikan. Hanya untuk data demo."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo.demo_otp_code())
