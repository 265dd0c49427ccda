"""Small helpers every part of the demo draws with: weighted choices, money, dates."""

import bisect
import itertools
import math
from datetime import timedelta
from decimal import Decimal

CENTS = Decimal("0.01")
JUTA = 1_000_000


class Weighted:
    """Items drawn by weight. The cumulative weights are computed once: random.choices would
    redo that on every call, and this runs millions of times at 100,000 businesses."""

    __slots__ = ("items", "cumulative", "total")

    def __init__(self, items, weights):
        self.items = tuple(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        # The same draw as random.choices(items, cum_weights=...)[0].
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.total, 0, len(self.items) - 1)]


def money(value):
    """A Decimal with two places, as the database returns it."""
    return Decimal(int(value)).quantize(CENTS)


def round_to(value, step):
    return max(step, int(round(value / step)) * step)


def log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def random_date(rng, start, end):
    if end <= start:
        return start
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def sample_weighted(rng, items, weights, k):
    """k distinct items, drawn by weight."""
    items, weights = list(items), list(weights)
    picked = []
    while items and len(picked) < k:
        index = rng.choices(range(len(items)), weights)[0]
        picked.append(items.pop(index))
        weights.pop(index)
    return picked


def split_shares(rng, parts, total):
    """`parts` positive whole percentages adding up to `total`, largest first."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    return sorted(shares, reverse=True)
