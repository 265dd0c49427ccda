"""Who wrote each Assistance row. Existing rows are marked by what can be shown:

- linked to an aid application: written by the aid programme ("program");
- otherwise created (first history row) by a user who is not staff, i.e. an owner through
  the owner's page: "pemilik" (reported by the owner, not confirmed);
- otherwise (Dinas in the admin, Dinas imports and the seed, which have no history user or
  a staff one): "dinas".
"""

from django.db import migrations, models

SOURCE_FIELD = dict(
    choices=[("program", "Program bantuan"), ("dinas", "Dicatat Dinas"), ("pemilik", "Dilaporkan pemilik")],
    db_default="dinas",
    default="dinas",
    help_text="Program bantuan dan Dinas: bantuan terkonfirmasi. Dilaporkan pemilik: belum dikonfirmasi.",
    max_length=10,
    verbose_name="sumber data",
)


def mark_sources(apps, schema_editor):
    Assistance = apps.get_model("registry", "Assistance")
    HistoricalAssistance = apps.get_model("registry", "HistoricalAssistance")
    Application = apps.get_model("aid", "Application")
    linked = Application.objects.filter(assistance__isnull=False).values("assistance_id")
    Assistance.objects.filter(pk__in=linked).update(source="program")
    by_owner = HistoricalAssistance.objects.filter(
        history_type="+", history_user__isnull=False, history_user__is_staff=False
    ).values("id")
    Assistance.objects.exclude(pk__in=linked).filter(pk__in=by_owner).update(source="pemilik")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_market_places_by_code"),
        ("aid", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="assistance", name="source", field=models.CharField(**SOURCE_FIELD)),
        migrations.AddField(model_name="historicalassistance", name="source", field=models.CharField(**SOURCE_FIELD)),
        migrations.RunPython(mark_sources, migrations.RunPython.noop),
    ]
