"""Demo data for the village pages (`make run`): village programmes (OVOP Kemenperin in every
stage, Rumah Produksi) on the desa whose products the catalogue shows most, and the sentra IKM
that the data suggests, half of them confirmed by Dinas.

`seed(rng)` is idempotent (nothing when the demo already has village programmes) and needs
the registry's demo and `publish_catalogue` to have run first.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from registry.models import Desa

from . import selectors, services
from .models import DesaProgramme, Programme, PublishedProduct

OVOP = "OVOP Kemenperin"
RUMAH_PRODUKSI = "Rumah Produksi Bersama"


@transaction.atomic
def seed(rng, password=None, *, year=None):
    if Programme.objects.filter(name=OVOP).exists():
        return None
    year = year or timezone.localdate().year
    staff = get_user_model().objects.filter(username="dinas").first()
    top = list(
        PublishedProduct.objects.values("desa", "category")
        .annotate(products=Count("pk"))
        .order_by("-products", "desa")[:8]
    )
    if not top or staff is None:
        return None
    ovop = Programme.objects.create(
        name=OVOP,
        kind=Programme.Kind.OVOP,
        agency="Kementerian Perindustrian",
        description="One Village One Product: satu produk unggulan per desa, dinilai bintang 1 sampai 5.",
    )
    rumah = Programme.objects.create(
        name=RUMAH_PRODUKSI,
        kind=Programme.Kind.RUMAH_PRODUKSI,
        agency="Disnakerin Kabupaten Tuban",
        description="Tempat produksi bersama dengan peralatan dari Pemkab.",
    )
    stages = [
        (DesaProgramme.Status.EVALUATED, 4),
        (DesaProgramme.Status.EVALUATED, 3),
        (DesaProgramme.Status.ESTABLISHED, 5),
        (DesaProgramme.Status.ESTABLISHED, None),
        (DesaProgramme.Status.ADMIN_PASSED, None),
        (DesaProgramme.Status.PROPOSED, None),
    ]
    rows = []
    for row, (status, stars) in zip(top, stages, strict=False):
        rows.append(
            DesaProgramme(
                desa_id=row["desa"],
                programme=ovop,
                year=year,
                commodity=row["category"],
                product_name=PublishedProduct.objects.filter(desa_id=row["desa"], category=row["category"])
                .values_list("name", flat=True)
                .first()
                or "",
                stars=stars,
                status=status,
            )
        )
    for row in top[-2:]:
        rows.append(
            DesaProgramme(desa_id=row["desa"], programme=rumah, year=year - 1, status=DesaProgramme.Status.ESTABLISHED)
        )
    DesaProgramme.objects.bulk_create(rows)
    candidates = list(selectors.sentra_candidates())
    confirmed = candidates[: (len(candidates) + 1) // 2]
    for candidate in confirmed:
        services.sentra_confirm(
            desa=Desa.objects.get(pk=candidate["desa"]),
            commodity=candidate["commodity"],
            business_count=candidate["businesses"],
            user=staff,
        )
    return f"{len(rows)} keikutsertaan program desa, {len(confirmed)} sentra IKM dikonfirmasi"
