"""Regions for the demo: desa centres from the shared boundary file (the regions themselves
come from `load_regions`), so demo businesses get a map point near their desa."""

import json
from pathlib import Path

from django.conf import settings

DEFAULT_GEOJSON = Path(settings.BASE_DIR).parent / "shared" / "geo" / "tuban_desa.geojson"


def load_desa_centres(path):
    """Desa code -> (lat, lng) from the boundary GeoJSON, or {} when the file is missing."""
    path = Path(path) if path else None
    if not path or not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    centres = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        if props.get("kode") and props.get("lat") is not None and props.get("lng") is not None:
            centres[props["kode"]] = (float(props["lat"]), float(props["lng"]))
    return centres
