"""Prepare the load-test database: demo data, the public catalogue, and one login per simulated owner.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tuban_ikm_load .venv/bin/python bench/load/prepare.py \
        --businesses 3000 --owners 50 --out /tmp/tuban-load

Safe to run twice: migrations and seeding happen once; the owner logins beban01..beban50 are
(re)attached to distinct active businesses. Writes OUT/setup.json (owners with their business,
the officer template's headers) for the locustfile.
"""

import argparse
import json
import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "beban-uji-12345"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=3000)
    parser.add_argument("--owners", type=int, default=50)
    parser.add_argument("--out", default="/tmp/tuban-load")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tuban_ikm.settings")
    os.environ.setdefault("SECRET_KEY", "load-test-only-not-secret")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from registry import importing
    from registry.models import Business
    from tuban_ikm import roles

    if connection.vendor != "postgresql":
        sys.exit("The load test runs on PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_regions", verbosity=0)
    if not Business.objects.exists():
        call_command("seed_demo", businesses=args.businesses, password="demo12345", verbosity=1)
        call_command("publish_catalogue", verbosity=0)

    owners = []
    candidates = Business.objects.filter(status=Business.Status.ACTIVE, owner__isnull=True).order_by("pk")
    taken = set(Business.objects.filter(owner__username__startswith="beban").values_list("pk", flat=True))
    free = iter(candidates.exclude(pk__in=taken).values_list("pk", flat=True))
    for number in range(1, args.owners + 1):
        username = f"beban{number:02d}"
        user, _created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.id"})
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=roles.PELAKU_IKM))
        business = Business.objects.filter(owner=user).first()
        if business is None:
            business = Business.objects.get(pk=next(free))
            Business.objects.filter(pk=business.pk).update(owner=user)
        owners.append({"username": username, "password": PASSWORD, "business": business.pk})

    sheet = importing.TEMPLATE_SHEETS[0]
    headers = [importing._header(importing.SHEETS_BY_KEY["businesses"], name) for name in sheet.template_fields]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    setup = {
        "owners": owners,
        "headers": [str(h) for h in headers],
        "logins": {"dinas": "demo12345", "pengurus": "demo12345"},
    }
    (out / "setup.json").write_text(json.dumps(setup, indent=1))
    print(f"{Business.objects.count()} businesses, {len(owners)} load owners; setup in {out / 'setup.json'}")


if __name__ == "__main__":
    main()
