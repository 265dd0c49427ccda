"""Distance between kecamatan, coarse but enough to rank suppliers.

The neighbours were derived once from the shared desa boundaries (kecamatan whose desa
polygons touch); codes are the last two digits of the Kemendagri code (35.23.KK).
"""

NEIGHBOURS = {
    "01": {"02", "03"},
    "02": {"01", "03", "04", "06"},
    "03": {"01", "02", "05", "06", "07", "08"},
    "04": {"02", "06"},
    "05": {"03", "07", "09"},
    "06": {"02", "03", "04", "08", "12"},
    "07": {"03", "05", "08", "09", "10"},
    "08": {"03", "06", "07", "10", "12", "13"},
    "09": {"05", "07", "10", "11"},
    "10": {"07", "08", "09", "11", "13", "15", "20"},
    "11": {"09", "10", "14", "20"},
    "12": {"06", "08", "13", "16"},
    "13": {"08", "10", "12", "15", "16"},
    "14": {"11", "17", "20"},
    "15": {"10", "13", "16", "17", "18", "19", "20"},
    "16": {"12", "13", "15", "18"},
    "17": {"14", "15", "19", "20"},
    "18": {"15", "16", "19"},
    "19": {"15", "17", "18"},
    "20": {"10", "11", "14", "15", "17"},
}

SAME, NEIGHBOUR, KABUPATEN, OUTSIDE = "same", "neighbour", "kabupaten", "outside"


def proximity(kecamatan_a, kecamatan_b):
    """How close two kecamatan codes ("35.23.08") are: same, neighbour, same kabupaten, or
    unknown (a delivery outside Tuban)."""
    if not kecamatan_a or not kecamatan_b:
        return OUTSIDE
    if kecamatan_a == kecamatan_b:
        return SAME
    if kecamatan_a[:5] != kecamatan_b[:5]:
        return OUTSIDE
    if kecamatan_b[-2:] in NEIGHBOURS.get(kecamatan_a[-2:], ()):
        return NEIGHBOUR
    return KABUPATEN
