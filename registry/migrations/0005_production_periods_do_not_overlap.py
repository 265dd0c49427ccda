"""Production periods may not overlap: a full-year report and a semester report of the same
product and year counted that production twice in the yearly sums.

Before the constraints go in, existing overlaps are resolved and reported on the console:
- both semesters reported: the semesters stay (the finer figures), the full-year report goes;
- one semester beside a full year: the full-year report stays (it covers the whole year),
  the semester report goes.
Each removed report gets a "deleted" history row whose change reason names the report that
kept its period, so Dinas can see in the admin history what was merged and why.
"""

from django.db import migrations, models
from django.utils import timezone

YEAR, FIRST, SECOND = 0, 1, 2


def resolve_overlaps(apps, schema_editor):
    Report = apps.get_model("registry", "ProductionReport")
    History = apps.get_model("registry", "HistoricalProductionReport")
    by_period = {}
    for report in Report.objects.order_by("product_id", "year", "semester", "pk"):
        by_period.setdefault((report.product_id, report.year), {})[report.semester] = report
    removed = []
    for reports in by_period.values():
        if YEAR not in reports or len(reports) == 1:
            continue
        if FIRST in reports and SECOND in reports:
            kept, dropped = [reports[FIRST], reports[SECOND]], [reports[YEAR]]
        else:
            kept, dropped = [reports[YEAR]], [r for s, r in reports.items() if s != YEAR]
        for report in dropped:
            removed.append((report, kept))
    if not removed:
        return
    now = timezone.now()
    print(f"\n  Laporan produksi dengan periode tumpang tindih: {len(removed)} laporan digabung.")
    for report, kept in removed:
        kept_ids = ", ".join(str(k.pk) for k in kept)
        reason = f"Digabung: periode tumpang tindih, disimpan laporan {kept_ids}"[:100]
        fields = {f.attname: getattr(report, f.attname) for f in Report._meta.concrete_fields}
        History.objects.create(
            **fields, history_date=now, history_type="-", history_change_reason=reason, history_user=None
        )
        print(
            f"  - produk {report.product_id}, tahun {report.year}, periode {report.semester} "
            f"(laporan {report.pk}, nilai {report.production_value}): dihapus; tetap: laporan {kept_ids}"
        )
        report.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_business_version_product_version"),
    ]

    operations = [
        migrations.RunPython(resolve_overlaps, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="productionreport",
            name="production_report_one_per_period",
        ),
        migrations.AddConstraint(
            model_name="productionreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("semester__in", [0, 1])),
                fields=("product", "year"),
                name="production_report_first_half_once",
                violation_error_message="Produk ini sudah punya laporan yang mencakup semester I tahun ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="productionreport",
            constraint=models.UniqueConstraint(
                condition=models.Q(("semester__in", [0, 2])),
                fields=("product", "year"),
                name="production_report_second_half_once",
                violation_error_message="Produk ini sudah punya laporan yang mencakup semester II tahun ini.",
            ),
        ),
    ]
