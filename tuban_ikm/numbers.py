"""Indonesian number formatting that does not depend on USE_THOUSAND_SEPARATOR (kept off).

Shared by the templates' `rupiah`/`angka` filters and by every sheet or download that writes numbers as text."""

from decimal import Decimal, InvalidOperation


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
