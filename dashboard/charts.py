"""Numbers and bars for the server-side SVG charts (no chart library, no CDN).

Widths are computed here as strings with a dot decimal: in the Indonesian locale a float
rendered by a template would come out as "12,5" and break the SVG.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from registry.templatetags.rupiah import format_number


def angka(value, decimals=0):
    return format_number(value or 0, decimals)


def rupiah_short(value):
    """Rp12,5 miliar / Rp350 juta: short enough for a phone, exact figures are in the exports."""
    value = Decimal(value or 0)
    for size, unit in ((10**12, _("triliun")), (10**9, _("miliar")), (10**6, _("juta"))):
        if value >= size:
            return f"Rp{format_number(value / size, 1)} {unit}".replace(",0 ", " ")
    return f"Rp{format_number(value)}"


def percent(part, whole, decimals=1):
    """Share as a Decimal percentage, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-decimals))


def percent_text(value):
    return "–" if value is None else f"{format_number(value, 1)}%"


def svg_number(value):
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


@dataclass
class Bar:
    label: str
    value: object
    display: str
    url: str = ""
    note: str = ""
    width: str = "0"


def bars(rows, *, maximum=None):
    """Give each Bar its width (0-100) relative to the largest value (or `maximum`)."""
    rows = list(rows)
    top = maximum if maximum is not None else max((row.value or 0 for row in rows), default=0)
    for row in rows:
        row.width = svg_number(Decimal(row.value or 0) * 100 / Decimal(top)) if top else "0"
    return rows


@dataclass
class Segment:
    key: str
    label: str
    share: Decimal
    url: str = ""
    x: str = "0"
    width: str = "0"

    @property
    def display(self):
        return percent_text(self.share)


@dataclass
class StackedBar:
    """One commodity's market: shares per level (or channel) laid side by side, 0-100."""

    label: str
    products: int
    segments: list = field(default_factory=list)
    url: str = ""

    def layout(self):
        x = Decimal(0)
        for segment in self.segments:
            width = min(Decimal(segment.share or 0), Decimal(100) - x)
            segment.x, segment.width = svg_number(x), svg_number(max(width, Decimal(0)))
            x += max(width, Decimal(0))
        return self

    @property
    def unknown(self):
        """The part of sales no market line accounts for."""
        return max(Decimal(100) - sum((s.share or 0) for s in self.segments), Decimal(0))
