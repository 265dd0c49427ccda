"""Form fields that accept numbers the way Indonesians type them.

USE_THOUSAND_SEPARATOR stays off (see settings), so these fields parse "1.500.000",
"Rp 1.500.000" and "2,5" themselves and render values back with dots for thousands.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .templatetags.rupiah import format_number
from .validators import NIB_LOST_ZERO_HINT, NIB_TYPED_MAX_LENGTH, nib_lost_leading_zero, normalize_nib


def parse_indonesian_number(text):
    """ "Rp 1.500.000" -> 1500000, "2,5" -> 2.5, "1.234,56" -> 1234.56; None for blank.

    A dot is a thousands separator and a comma the decimal mark. A lone dot followed by
    one or two digits ("2.5") is read as a decimal point, as people also type that.
    """
    if text is None:
        return None
    if isinstance(text, int | float | Decimal):
        return Decimal(str(text))
    value = re.sub(r"(?i)^\s*rp\.?\s*", "", str(text)).replace(" ", "").replace("\u00a0", "")
    if value == "":
        return None
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(text) from None


class IndonesianNumberInput(forms.TextInput):
    """A text box with the numeric keyboard on phones, showing 1.500.000 rather than 1500000."""

    def __init__(self, attrs=None, decimals=0):
        self.decimals = decimals
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value  # what the user typed, shown back with its error
        decimals = 0 if number == number.to_integral_value() else self.decimals
        return format_number(number, decimals)


class IndonesianDecimalField(forms.DecimalField):
    default_error_messages = {
        "invalid": _("Tulis angka saja, misalnya 1.500.000 atau 2,5."),
    }

    def __init__(self, *args, decimals=2, **kwargs):
        kwargs.setdefault("widget", IndonesianNumberInput(decimals=decimals))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_indonesian_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return super().to_python(str(number))

    def widget_attrs(self, widget):
        # DecimalField adds step/min for NumberInput only; a text box needs none.
        return {}


class RupiahField(IndonesianDecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", IndonesianNumberInput(attrs={"inputmode": "numeric"}, decimals=0))
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("max_digits", 18)
        super().__init__(*args, **kwargs)


class NibField(forms.CharField):
    """A NIB as people type it: "1234 5678 90123" is read as 1234567890123 (the model's
    validator then checks the 13 digits). The input takes a few more characters than 13 so
    that the spaces fit; a NIB of 12 digits gets a hint that its leading 0 may be lost."""

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(max_length=None, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("maxlength", str(NIB_TYPED_MAX_LENGTH))
        return attrs

    def to_python(self, value):
        return normalize_nib(super().to_python(value)) or ""


class NibHintMixin:
    """For ModelForms with a `nib` field: when the NIB is refused and has 12 digits, its
    help text (shown under the field, beside the error) says that a leading 0 may be lost."""

    def _post_clean(self):
        super()._post_clean()
        typed = normalize_nib(self.data.get(self.add_prefix("nib"))) if self.is_bound else None
        if "nib" in self.fields and "nib" in self.errors and nib_lost_leading_zero(typed):
            self.fields["nib"].help_text = NIB_LOST_ZERO_HINT
            self["nib"].help_text = NIB_LOST_ZERO_HINT  # the bound field keeps its own copy
