"""Hostile text for the XSS and spreadsheet-formula tests (tests/ops/test_payloads.py).

XSS: must never reach a page unescaped. FORMULAS: a spreadsheet runs a cell starting with
= + - @ tab or CR as a formula (CSV injection); exports prefix such cells with "'".
"""

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>alert(2)</script>",
    "javascript:alert(1)",
    "{{ 7|add:7 }}<b>{% now 'Y' %}</b>",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example","klik")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
ALL = XSS + FORMULAS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous_in_html(payload):
    return any(ch in payload for ch in "<>\"'") and ("<" in payload or "on" in payload)
