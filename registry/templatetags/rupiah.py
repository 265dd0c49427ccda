"""Indonesian number formatting that does not depend on USE_THOUSAND_SEPARATOR (kept off)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def format_number(value, decimals=0):
    """1234567.5 -> "1.234.568" (decimals=0) or "1.234.567,50" (decimals=2)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def angka(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def rupiah(value):
    if value is None or value == "":
        return "–"
    return f"Rp{format_number(value)}"
