"""Dashboard figures from the reporting cycle (reporting/): trends per period, capacity
utilisation and where raw materials come from.

Workers and investment on a business are today's values. Each answered period report keeps
its own, so with a year filter the headline shows that year's reported values, and the
trend table has a row for every period. Three queries, whatever the size of the registry.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from registry.models import CommodityGroup, ProductionReport
from reporting.models import PeriodRawMaterial, PeriodReport

from .charts import Bar, angka, bars, percent, percent_text, rupiah_short

ANSWERED = Q(status__in=PeriodReport.ANSWERED)


def source(scope):
    from .figures import source  # figures imports this module

    return source(scope)


def period_trends(scope):
    """Per period: businesses asked and answering, and the sums of their reported figures."""
    rows = source(scope).period_rows()
    labels = dict(ProductionReport.Semester.choices)
    result = []
    for row in rows:
        male, female = row["workers_male"] or 0, row["workers_female"] or 0
        share = percent(row["answered"], row["asked"])
        result.append(
            {
                "year": row["period__year"],
                "semester": row["period__semester"],
                "label": f"{labels[row['period__semester']]} {row['period__year']}",
                "asked": row["asked"],
                "answered": row["answered"],
                "response": share,
                "response_text": percent_text(share),
                "workers_male": male,
                "workers_female": female,
                "workers_total": male + female,
                "investment": row["investment"] or Decimal(0),
                "investment_text": rupiah_short(row["investment"]),
            }
        )
    return result


def year_values(periods, year):
    """The reported values of a year: its full-year period, else its latest semester."""
    rows = [row for row in periods if row["year"] == year and row["answered"]]
    if not rows:
        return None
    full = [row for row in rows if row["semester"] == ProductionReport.Semester.YEAR]
    return full[0] if full else max(rows, key=lambda row: row["semester"])


def capacity_utilisation(scope, link):
    """Realised production over installed capacity per commodity, reference year (one query)."""
    rows = source(scope).capacity_rows(scope.reference_year())
    labels = dict(CommodityGroup.choices)
    return bars(
        [
            Bar(
                str(labels.get(row["product__category"], row["product__category"])),
                Decimal(row["utilisation"] or 0).quantize(Decimal("0.1")),
                percent_text(Decimal(row["utilisation"] or 0).quantize(Decimal("0.1"))),
                link(commodity=row["product__category"], producing=True),
                _("%(n)s laporan") % {"n": angka(row["reports"])},
            )
            for row in rows
        ],
        maximum=100,
    )


def raw_material_origin(scope):
    """Value of the raw materials reported for the reference year, by origin (one query)."""
    rows = source(scope).raw_materials(scope.reference_year())
    total = sum(rows.values(), Decimal(0))
    local = sum((rows.get(origin, 0) for origin in PeriodRawMaterial.LOCAL), Decimal(0))
    return {
        "total": total,
        "total_text": rupiah_short(total),
        "local_share": percent(local, total),
        "local_share_text": percent_text(percent(local, total)),
        "bars": bars(
            Bar(str(label), rows.get(value, Decimal(0)), rupiah_short(rows.get(value, 0)))
            for value, label in PeriodRawMaterial.Origin.choices
        ),
    }


def cycle(scope, link):
    periods = period_trends(scope)
    return {
        "periods": periods,
        "year_values": year_values(periods, scope.filters.year) if scope.filters.year else None,
        "utilisation": capacity_utilisation(scope, link),
        "raw_materials": raw_material_origin(scope),
    }


def apply_year_values(headline, cycle_panel):
    """With a year filter, show that year's reported workers and investment, and say so."""
    values = cycle_panel["year_values"]
    if values is None:
        headline["figures_source"] = _("nilai saat ini di profil usaha")
        return headline
    headline.update(
        {
            "workers_male": values["workers_male"],
            "workers_female": values["workers_female"],
            "workers_total": values["workers_total"],
            "investment": values["investment"],
            "investment_text": values["investment_text"],
            "figures_source": _("menurut laporan %(period)s (%(n)s usaha melapor)")
            % {"period": values["label"], "n": angka(values["answered"])},
        }
    )
    return headline
