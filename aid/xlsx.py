"""Spreadsheet cells that a spreadsheet program will never run as a formula."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Text that starts like a formula gets a leading apostrophe; numbers stay untouched."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
