"""Deterministic, realistic demo data for every room (the `seed_demo` command), one module per
thing it seeds, called from here in this order:

- users.py: the four demo logins and the other officers (regions come from `load_regions`;
  regions.py reads the desa centres for map points);
- association.py: the umbrella association, its units and officers, the data drive;
- businesses.py: businesses, products, production, markets, certificates, needs and
  memberships, 2,000 businesses at a time, with aid.py's records of aid received;
- contributions.py: each app's own `<app>/demo_seed.py` (the list is there);
- reporting.py (`seed_reporting_demo`, after `publish_catalogue` publishes the catalogue and
  villages' products): a running reporting period, part of it answered.

The demo is the top room: it may import every app, and no app imports it.
"""

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from registry.completeness_store import refresh_completeness
from registry.models import Business, Kecamatan

from .association import UMBRELLA_NAME, demo_association_ensure, demo_drive_ensure  # noqa: F401 (the command prints it)
from .businesses import CHUNK, DemoBuilder, _write_chunk, demo_data_exists, demo_reset
from .regions import DEFAULT_GEOJSON, load_desa_centres
from .users import DEMO_TOTP_SECRET, demo_otp_code, demo_users_ensure  # noqa: F401 (the commands use them)

DEFAULT_BUSINESSES = 300
DEFAULT_SEED = 2022
DEFAULT_PASSWORD = "demo12345"


@dataclass
class SeedResult:
    created: bool
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    pelaku_business: str = ""
    coordinates: bool = False


def demo_seed(
    *,
    businesses=DEFAULT_BUSINESSES,
    seed=DEFAULT_SEED,
    password=DEFAULT_PASSWORD,
    reset=False,
    today=None,
    geojson=DEFAULT_GEOJSON,
    progress=None,
):
    """Make the demo logins and, unless the registry already holds businesses, the demo data.

    Returns a SeedResult; `created` is False when existing data was kept (pass reset=True to
    delete it first). `progress(done, total)` is called after every chunk.
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        if reset:
            demo_reset()
        users = demo_users_ensure(password=password)
        if demo_data_exists():
            owned = Business.objects.filter(owner=users["pelaku"]).first()
            return SeedResult(
                created=False,
                message=f"Data usaha sudah ada ({Business.objects.count()} usaha): data demo tidak dibuat ulang.",
                pelaku_business=owned.name if owned else "",
            )
        kecamatan_by_name = {k.name: k for k in Kecamatan.objects.all()}
        associations = demo_association_ensure(kecamatan_by_name=kecamatan_by_name, pengurus=users["pengurus"])
        centres = load_desa_centres(geojson)
        builder = DemoBuilder(
            seed=seed,
            today=today,
            associations=associations,
            dinas=users["dinas"],
            pelaku=users["pelaku"],
            centres=centres,
            taken_nibs=Business.objects.exclude(nib=None).values_list("nib", flat=True),
        )
        counts = {}
        now = timezone.now()
        pelaku_business = None
        for start in range(0, businesses, CHUNK):
            plans = [builder.build(index) for index in range(start, min(start + CHUNK, businesses))]
            if start == 0:
                pelaku_business = plans[0].business
            _write_chunk(plans, counts, now)
            if progress:
                progress(min(start + CHUNK, businesses), businesses)

        pelaku = users["pelaku"]
        pelaku.first_name, _, pelaku.last_name = pelaku_business.owner_name.partition(" ")
        pelaku.save(update_fields=["first_name", "last_name"])
        # Bulk inserts send no signals: compute the stored completeness the lists read.
        refresh_completeness()
        demo_drive_ensure(associations=associations, pengurus=users["pengurus"], today=today)

    counts["kecamatan"] = len(counts.pop("kecamatan_codes", ()))
    counts["Association"] = 1 + len(associations.by_kecamatan) + len(set(associations.by_sector.values()))
    return SeedResult(
        created=True,
        counts=counts,
        seconds=time.monotonic() - started,
        pelaku_business=pelaku_business.name,
        coordinates=bool(centres),
    )
