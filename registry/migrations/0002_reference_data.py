from django.db import migrations

from registry import reference


def load_reference_data(apps, schema_editor):
    reference.load_regions(apps.get_model("registry", "Kecamatan"), apps.get_model("registry", "Desa"))
    reference.seed_kbli(apps.get_model("registry", "Kbli"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load_reference_data, migrations.RunPython.noop)]
