"""Reads of the two-way talk that other rooms reuse (the dashboard's panel)."""

from django.db.models import Count

from .models import Thread


def open_topic_counts(scope=None, *, kecamatan=None):
    """Open threads counted by kind and kecamatan, one aggregate query.

    `scope` may be the dashboard's Scope (its kecamatan filter applies) or None; `kecamatan`
    (a Kemendagri code) overrides it. Returns {"kinds": [(value, label, total)], "rows":
    [{"code", "name", "counts": {kind: n}, "total"}], "total": n}; threads without a
    kecamatan (general questions) are a row of their own with code "".
    """
    if kecamatan is None and scope is not None:
        kecamatan = getattr(getattr(scope, "filters", None), "kecamatan", "") or ""
    threads = Thread.objects.open()
    if kecamatan:
        threads = threads.filter(kecamatan_id=kecamatan)
    grouped = (
        threads.values("kecamatan_id", "kecamatan__name", "kind")
        .annotate(n=Count("pk"))
        .order_by("kecamatan__name", "kind")
    )
    rows = {}
    totals = dict.fromkeys(Thread.Kind.values, 0)
    for item in grouped:
        code = item["kecamatan_id"] or ""
        row = rows.setdefault(
            code, {"code": code, "name": item["kecamatan__name"] or "", "counts": dict.fromkeys(Thread.Kind.values, 0)}
        )
        row["counts"][item["kind"]] = item["n"]
        totals[item["kind"]] += item["n"]
    ordered = sorted(rows.values(), key=lambda row: (row["code"] == "", row["name"]))
    for row in ordered:
        row["total"] = sum(row["counts"].values())
        row["cells"] = [row["counts"][value] for value in Thread.Kind.values]
    return {
        "kinds": [(value, label, totals[value]) for value, label in Thread.Kind.choices],
        "rows": ordered,
        "total": sum(totals.values()),
    }
