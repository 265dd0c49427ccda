"""Validation and normalisation of Indonesian identifiers.

Each function raises ValidationError with an Indonesian message that a form shows next
to the field; the normalisers return the canonical form that is stored.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import npwp as stdnum_npwp

# The phone and digit helpers are shared with accounts (sign-in by phone), so they live in
# the base package; they are re-exported here for the registry's forms and imports.
from tuban_ikm.validators import NON_DIGITS, digits_only, normalize_phone, validate_phone  # noqa: F401

NIB_SEPARATORS = re.compile(r"[\s.\-]")
NIB_TYPED_MAX_LENGTH = 20  # 13 digits with the spaces, dots or dashes people type between groups


def normalize_nib(value):
    """A NIB as typed or copied from the OSS certificate ("1234 5678 9012 3", with dots or
    dashes) kept as its digits; None when empty. Anything else stays for validate_nib to refuse."""
    return NIB_SEPARATORS.sub("", value or "") or None


#: Said next to a NIB of 12 digits: a spreadsheet that takes a NIB for a number drops its 0.
NIB_LOST_ZERO_HINT = _(
    "Tertulis 12 angka: bila NIB diawali angka 0, angka itu mungkin hilang karena sel diformat sebagai "
    "angka. Tulis lengkap 13 angka dengan 0 di depan (di spreadsheet, format sel sebagai teks)."
)


def nib_lost_leading_zero(value):
    return bool(re.fullmatch(r"\d{12}", value or ""))


def validate_nib(value):
    """NIB (OSS-RBA) is 13 digits; no checksum is published, so only the shape is checked."""
    if not re.fullmatch(r"\d{13}", value or ""):
        raise ValidationError(_("NIB harus terdiri dari 13 angka."), code="nib_format")


def normalize_npwp(value):
    """Return the NPWP as bare digits (15 or 16), raising when the check digit is wrong."""
    digits = digits_only(value)
    try:
        stdnum_npwp.validate(digits)
    except StdnumError:
        raise ValidationError(
            _("NPWP tidak valid: periksa kembali 15 atau 16 angkanya."), code="npwp_invalid"
        ) from None
    return digits


# Certification number formats (see DOMAIN.md). Kinds without a published format take free text.
CERTIFICATION_PATTERNS = {
    "pirt": (r"\d{15}", _("Nomor P-IRT harus 15 angka, contoh 1234567890123-45.")),
    "bpom": (r"(MD|ML)\d{12}", _("Nomor BPOM harus diawali MD atau ML lalu 12 angka.")),
    "halal": (r"ID\w+", _('Nomor sertifikat halal BPJPH diawali "ID".')),
}


def normalize_certification_number(kind, number):
    """Return the stored form of a certificate number for its kind, or raise."""
    number = (number or "").strip().upper()
    if kind == "pirt":
        number = digits_only(number)
    elif kind in ("bpom", "halal"):
        number = re.sub(r"[\s.\-]", "", number)
    pattern = CERTIFICATION_PATTERNS.get(kind)
    if pattern and not re.fullmatch(pattern[0], number):
        raise ValidationError({"number": pattern[1]})
    return number
