"""Indonesian number formatting that does not depend on USE_THOUSAND_SEPARATOR (kept off)."""

from django import template

from tuban_ikm.numbers import format_number

register = template.Library()


@register.filter
def angka(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def rupiah(value):
    if value is None or value == "":
        return "–"
    return f"Rp{format_number(value)}"
