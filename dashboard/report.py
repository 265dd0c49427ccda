"""The printable report for the Bupati (/dasbor/laporan/): the dashboard's panels for a
year, a kecamatan and a reporting period, laid out for A4.

The figures are `figures.all_panels` as on the dashboard (nothing recomputed here); this
module only picks the reporting period, adds its response rate, and draws the static map:
the loaded boundaries projected from lon/lat to SVG coordinates on the server, each shaded
by the IKM count of its kecamatan (no script, no tiles: it prints as it is).
"""

import math

from django.utils.translation import gettext as _

from reporting import services as reporting_services
from reporting.models import ReportingPeriod

from .charts import angka
from .models import Boundary

MAP_WIDTH = 600
SHADES = 5  # classes of the choropleth, shade-1 (fewest IKM) to shade-5; shade-0 has none
# Points closer than this (in SVG units) to the previous one are dropped: the printed map
# stays sharp and the page small (the desa file has about 60,000 points).
MIN_STEP = 0.8


def chosen_period(period):
    """The period asked for, else the latest one (open or closed), else None (one query)."""
    return period or ReportingPeriod.objects.order_by("-year", "-semester").first()


def response(period, kecamatan=""):
    """The response rate of a period: overall and per kecamatan (two queries), or None."""
    if period is None:
        return None
    rows = reporting_services.response_rates(period, by="kecamatan")
    if kecamatan:
        rows = [row for row in rows if row["key"] == kecamatan]
    return {
        "period": period,
        "summary": reporting_services.period_summary(period),
        "rows": rows,
        "chosen": rows[0] if kecamatan and rows else None,
    }


def _rings(geometry):
    """The outer and inner rings of a Polygon or MultiPolygon as lists of (lon, lat)."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [ring for ring in coordinates]
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def _shade(count, maximum):
    if not count or not maximum:
        return 0
    return max(1, math.ceil(count * SHADES / maximum))


def boundary_map(kecamatan_rows, chosen=""):
    """An SVG-ready map: {width, height, shapes: [{path, shade, title, chosen}], legend}, or
    None when no boundaries are loaded (one query).

    Kecamatan outlines are drawn when loaded, else the desa outlines, each desa shaded by its
    kecamatan's count. Equirectangular projection around the mean latitude: at 7° S the
    distortion over one kabupaten is far below a printed millimetre."""
    counts = {row["code"]: row for row in kecamatan_rows}
    boundaries = list(Boundary.objects.order_by("code").values_list("code", "level", "name", "geometry"))
    if not boundaries:
        return None
    if any(level == Boundary.Level.KECAMATAN for _code, level, _name, _geometry in boundaries):
        boundaries = [b for b in boundaries if b[1] == Boundary.Level.KECAMATAN]
    shapes = [(code, name, _rings(geometry)) for code, _level, name, geometry in boundaries]
    points = [point for _code, _name, rings in shapes for ring in rings for point in ring]
    if not points:
        return None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    x_scale = math.cos(math.radians((north + south) / 2))
    span = max((east - west) * x_scale, north - south) or 1
    scale = MAP_WIDTH / span
    height = round((north - south) * scale) or 1

    def project(lon, lat):
        return (lon - west) * x_scale * scale, (north - lat) * scale

    maximum = max((row["count"] for row in kecamatan_rows), default=0)
    result = []
    for code, name, rings in shapes:
        parts = []
        for ring in rings:
            kept, last = [], None
            for lon, lat, *_rest in ring:
                x, y = project(lon, lat)
                if last is None or abs(x - last[0]) + abs(y - last[1]) >= MIN_STEP:
                    kept.append((x, y))
                    last = (x, y)
            if len(kept) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept) + "Z")
        if not parts:
            continue
        row = counts.get(code[:8], {})
        result.append(
            {
                "path": "".join(parts),
                "shade": _shade(row.get("count", 0), maximum),
                "title": f"{name}: {angka(row.get('count', 0))} {_('IKM')}",
                "chosen": bool(chosen) and code.startswith(chosen),
            }
        )
    legend = []
    for shade in range(SHADES, 0, -1):
        low = math.floor((shade - 1) * maximum / SHADES) + 1
        high = math.floor(shade * maximum / SHADES)
        if maximum and high >= low:
            legend.append({"shade": shade, "label": f"{angka(low)}–{angka(high)}" if high > low else angka(low)})
    legend.append({"shade": 0, "label": _("tidak ada")})
    return {"width": MAP_WIDTH, "height": height, "shapes": result, "legend": legend}
