from django.db import migrations, models


def fill(apps, schema_editor):
    """Compute the stored completeness of the existing businesses (one UPDATE; about a
    minute at 100,000 businesses on PostgreSQL). Uses today's expression: nothing to do on
    an empty database, where later schemas would not match it."""
    Business = apps.get_model("registry", "Business")
    if not Business.objects.exists():
        return
    from registry.review import completeness_points

    # The expression on the historical model, without completeness_store's signal: the
    # receivers above the registry (membership copies) may not have their columns yet.
    Business.objects.update(completeness_checks_passed=completeness_points())


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_year_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="business",
            name="completeness_checks_passed",
            field=models.PositiveSmallIntegerField(
                default=0, editable=False, verbose_name="jumlah syarat kelengkapan terpenuhi"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
