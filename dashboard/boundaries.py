"""Loading map boundaries from a GeoJSON file keyed by Kemendagri code (`kode`).

Every feature is checked before anything is written; the file loads in one transaction or
not at all, and loading the same file again changes nothing.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import Desa, Kecamatan

from .models import Boundary

CODE_PROPERTY = "kode"
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Shown on the map page when nothing is loaded yet (path relative to the project folder).
LOAD_COMMAND = "python manage.py load_boundaries ../shared/geo/tuban_desa.geojson"


class BoundaryFileError(Exception):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    levels: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _positions(geometry):
    """Every [lng, lat] position of a Polygon or MultiPolygon (ValueError when malformed)."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    if not isinstance(polygons, list) or not polygons:
        raise ValueError
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise ValueError
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                raise ValueError
            for position in ring:
                if not (isinstance(position, list) and len(position) >= 2 and all(map(_number, position[:2]))):
                    raise ValueError
                yield position


def _centre(properties, positions):
    lat, lng = properties.get("lat"), properties.get("lng")
    if _number(lat) and _number(lng):
        return float(lat), float(lng)
    lngs = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    return (min(lats) + max(lats)) / 2, (min(lngs) + max(lngs)) / 2


def read_boundaries(data):
    """Validate a parsed GeoJSON FeatureCollection; return Boundary objects or raise with every problem."""
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise BoundaryFileError([_("Berkas bukan GeoJSON FeatureCollection.")])
    desa = dict(Desa.objects.values_list("code", "name"))
    kecamatan = dict(Kecamatan.objects.values_list("code", "name"))
    problems, boundaries, seen = [], [], {}
    for number, feature in enumerate(data["features"], start=1):
        properties = (feature or {}).get("properties") or {}
        code = str(properties.get(CODE_PROPERTY) or "").strip()
        where = _("Fitur %(n)s") % {"n": number}
        if not code:
            problems.append(_("%(where)s: tidak ada properti “%(p)s”.") % {"where": where, "p": CODE_PROPERTY})
            continue
        where = f"{where} ({code})"
        if code in desa:
            level, known_name = Boundary.Level.DESA, desa[code]
        elif code in kecamatan:
            level, known_name = Boundary.Level.KECAMATAN, kecamatan[code]
        else:
            problems.append(_("%(where)s: kode wilayah tidak dikenal.") % {"where": where})
            continue
        if code in seen:
            problems.append(
                _("%(where)s: kode yang sama sudah ada di fitur %(other)s.") % {"where": where, "other": seen[code]}
            )
            continue
        seen[code] = number
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in GEOMETRY_TYPES:
            problems.append(_("%(where)s: geometri harus Polygon atau MultiPolygon.") % {"where": where})
            continue
        try:
            positions = list(_positions(geometry))
        except (ValueError, TypeError, KeyError):
            problems.append(_("%(where)s: koordinat geometri tidak sah.") % {"where": where})
            continue
        lat, lng = _centre(properties, positions)
        geometry = {"type": geometry["type"], "coordinates": geometry["coordinates"]}
        boundaries.append(
            Boundary(
                code=code,
                level=level,
                name=str(properties.get("nama") or known_name)[:100],
                geometry=geometry,
                geometry_text=Boundary.geometry_as_text(geometry),
                centre_lat=lat,
                centre_lng=lng,
            )
        )
    if not boundaries and not problems:
        problems.append(_("Berkas tidak berisi satu fitur pun."))
    if problems:
        raise BoundaryFileError(problems)
    return boundaries


def boundaries_load(*, path):
    """Load (or refresh) boundaries from a GeoJSON file: all features or none."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BoundaryFileError([_("Berkas tidak dapat dibaca sebagai JSON: %(e)s") % {"e": error}]) from error
    boundaries = read_boundaries(data)
    result = LoadResult()
    with transaction.atomic():
        existing = Boundary.objects.in_bulk([b.code for b in boundaries])
        new, changed = [], []
        now = timezone.now()
        for boundary in boundaries:
            result.levels[boundary.level] = result.levels.get(boundary.level, 0) + 1
            old = existing.get(boundary.code)
            if old is None:
                new.append(boundary)
            elif (old.level, old.name, old.geometry, old.centre_lat, old.centre_lng) != (
                boundary.level,
                boundary.name,
                boundary.geometry,
                boundary.centre_lat,
                boundary.centre_lng,
            ):
                boundary.updated_at = now
                changed.append(boundary)
        Boundary.objects.bulk_create(new, batch_size=200)
        Boundary.objects.bulk_update(
            changed,
            ["level", "name", "geometry", "geometry_text", "centre_lat", "centre_lng", "updated_at"],
            batch_size=200,
        )
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(boundaries) - result.created - result.updated
    return result
