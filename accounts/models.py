"""User accounts: owners sign up with an email or a phone number and log in with either."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    # Stored as +62..., unique when present: many owners have a phone but no email.
    phone = models.CharField(_("nomor HP"), max_length=20, null=True, blank=True, unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="user_email_unique_when_present"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username
