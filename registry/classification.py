"""Size classes of a business, computed from its stored inputs.

- Industry class, Permenperin 64/M-IND/PER/7/2016 (workers and investment excluding land
  and buildings):
    kecil     at most 19 workers and investment < Rp1 billion;
    menengah  at most 19 workers and investment >= Rp1 billion,
              or at least 20 workers and investment <= Rp15 billion;
    besar     at least 20 workers and investment > Rp15 billion (outside IKM: flagged).
- UMKM class, PP 7/2021 art. 35, by capital (modal usaha, excluding land and buildings)
  and separately by yearly sales (omzet).

The rules are database expressions so that the classes are stored by the database as
generated columns: filterable, countable and never typed by a person. Unknown inputs give
an empty class rather than a guess.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

BILLION = Decimal("1000000000")


class IndustryClass(models.TextChoices):
    KECIL = "kecil", _("Industri Kecil")
    MENENGAH = "menengah", _("Industri Menengah")
    BESAR = "besar", _("Industri Besar")


class UmkmClass(models.TextChoices):
    MIKRO = "mikro", _("Usaha Mikro")
    KECIL = "kecil", _("Usaha Kecil")
    MENENGAH = "menengah", _("Usaha Menengah")
    BESAR = "besar", _("Usaha Besar")


INDUSTRY_SMALL_MAX_WORKERS = 19
INDUSTRY_SMALL_INVESTMENT_BELOW = 1 * BILLION
INDUSTRY_MEDIUM_INVESTMENT_MAX = 15 * BILLION

# Upper bounds, inclusive: mikro <= 1 M, kecil <= 5 M, menengah <= 10 M, besar above.
UMKM_CAPITAL_MAX = [(UmkmClass.MIKRO, 1 * BILLION), (UmkmClass.KECIL, 5 * BILLION), (UmkmClass.MENENGAH, 10 * BILLION)]
UMKM_SALES_MAX = [(UmkmClass.MIKRO, 2 * BILLION), (UmkmClass.KECIL, 15 * BILLION), (UmkmClass.MENENGAH, 50 * BILLION)]


def industry_class_expression():
    workers = F("workers_male") + F("workers_female")
    many_workers = GreaterThanOrEqual(workers, INDUSTRY_SMALL_MAX_WORKERS + 1)
    return Case(
        When(investment__isnull=True, then=Value(None)),
        When(many_workers, investment__gt=INDUSTRY_MEDIUM_INVESTMENT_MAX, then=Value(IndustryClass.BESAR.value)),
        When(~Q(many_workers), investment__lt=INDUSTRY_SMALL_INVESTMENT_BELOW, then=Value(IndustryClass.KECIL.value)),
        # Everything else, including 20+ workers with investment under Rp1 billion.
        default=Value(IndustryClass.MENENGAH.value),
        output_field=models.CharField(max_length=10),
    )


def _umkm_expression(field, bounds):
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(None)),
        *[When(**{f"{field}__lte": upper}, then=Value(umkm_class.value)) for umkm_class, upper in bounds],
        default=Value(UmkmClass.BESAR.value),
        output_field=models.CharField(max_length=10),
    )


def umkm_class_by_capital_expression():
    return _umkm_expression("investment", UMKM_CAPITAL_MAX)


def umkm_class_by_sales_expression():
    return _umkm_expression("yearly_sales", UMKM_SALES_MAX)
