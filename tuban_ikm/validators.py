"""Validators that several apps use: Indonesian phone numbers and bare digits.

Each raises ValidationError with an Indonesian message that a form shows next to the field;
the normalisers return the canonical form that is stored. The registry's own identifiers
(NIB, NPWP, certificate numbers) stay in registry/validators.py.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NON_DIGITS = re.compile(r"\D")


def digits_only(value):
    return NON_DIGITS.sub("", value or "")


def normalize_phone(value):
    """Parse an Indonesian number written as 08xx, 62xx or +62xx and return it as +62xxx."""
    raw = (value or "").strip()
    if raw.startswith("62"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor telepon tidak valid. Contoh: 0812 3456 7890 atau 0356 321234."),
            code="phone_invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value):
    normalize_phone(value)
