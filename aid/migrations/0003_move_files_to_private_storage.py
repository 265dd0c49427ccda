"""Move aid uploads from the public MEDIA_ROOT (bantuan/pengajuan/<id>/<original name>) into
the private storage under random names, keeping the original name in its own field.

Safe on an empty database and safe to run again: only rows whose file still has the old
path are touched; a file missing from the old place is left as it is (and reported).
The old copies are removed after the migration's transaction commits.
"""

import os
import uuid

from django.core.files.storage import storages
from django.db import migrations, transaction

OLD_PREFIX = "bantuan/pengajuan/"
FIELDS = [
    ("ApplicationDocument", "file", "original_name"),
    ("Handover", "receipt", "receipt_name"),
    ("MonitoringVisit", "photo", "photo_name"),
]


def move_files(apps, schema_editor):
    public, private = storages["default"], storages["private"]
    moved, missing = 0, []
    for model_name, field, name_field in FIELDS:
        model = apps.get_model("aid", model_name)
        for row in model.objects.filter(**{f"{field}__startswith": OLD_PREFIX}).iterator():
            old = getattr(row, field).name
            if not public.exists(old):
                missing.append(old)
                continue
            ext = os.path.splitext(old)[1].lower()
            with public.open(old, "rb") as handle:
                new = private.save(f"bantuan/{uuid.uuid4().hex}{ext}", handle)
            model.objects.filter(pk=row.pk).update(**{field: new, name_field: os.path.basename(old)[:255]})
            transaction.on_commit(lambda name=old: public.delete(name))
            moved += 1
    if moved or missing:
        print(f"\n  aid files: {moved} moved to the private storage, {len(missing)} missing: {missing[:5]}")


class Migration(migrations.Migration):
    dependencies = [("aid", "0002_private_file_storage")]

    # Reversing leaves the files where they are: back in the public folder they would be
    # reachable again.
    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
