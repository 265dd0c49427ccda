"""Password rules that depend on who the account belongs to."""

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class RoleMinimumLengthValidator:
    """At least `staff_min_length` characters (12) for staff accounts, `min_length` (8)
    for everyone else: a staff account opens the admin and personal data."""

    def __init__(self, min_length=8, staff_min_length=12):
        self.min_length = min_length
        self.staff_min_length = staff_min_length

    def required_length(self, user=None):
        return self.staff_min_length if getattr(user, "is_staff", False) else self.min_length

    def validate(self, password, user=None):
        length = self.required_length(user)
        if len(password) < length:
            raise ValidationError(
                ngettext(
                    "Kata sandi terlalu pendek: minimal %(min_length)d karakter.",
                    "Kata sandi terlalu pendek: minimal %(min_length)d karakter.",
                    length,
                ),
                code="password_too_short",
                params={"min_length": length},
            )

    def get_help_text(self):
        return ngettext(
            "Kata sandi minimal %(min_length)d karakter (%(staff_min_length)d untuk akun staf).",
            "Kata sandi minimal %(min_length)d karakter (%(staff_min_length)d untuk akun staf).",
            self.min_length,
        ) % {"min_length": self.min_length, "staff_min_length": self.staff_min_length}
