"""Writing the personal-data access log.

Call `log_view` wherever a page shows personal data to a user who holds the permission;
`log_export` is called by dashboard.exporting for every export that carries personal
data. Nothing is logged for users without the permission: they were shown none.

The log's table (dashboard.PersonalDataAccess) belongs to the dashboard, above every app
that calls this module, so the dashboard registers the function that writes a row
(`set_recorder`, in its AppConfig.ready()): the base package never imports it.
"""

from . import personal

VIEW = "lihat"
EXPORT = "ekspor"
_recorder = None


def set_recorder(recorder):
    """`recorder(**fields)` writes one access-log row and returns it (dashboard's ready())."""
    global _recorder
    _recorder = recorder


def _record(**fields):
    if _recorder is None:
        raise RuntimeError("No personal-data access log is installed (the dashboard app registers it).")
    return _recorder(**fields)


def _business_of(obj):
    if obj._meta.label_lower == "registry.business":
        return obj.pk
    for path in ("business_id", "application.business_id", "membership.business_id"):
        value = obj
        for name in path.split("."):
            value = getattr(value, name, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def log_view(request, obj, *, source, shown=None):
    """One row: `request.user` saw the personal data of `obj` at `request.path`.

    `shown` says whether the page showed personal data; by default, whether the user holds
    the permission (officers see their active members' contact without it: they pass True).
    """
    if not (personal.may_see(request.user) if shown is None else shown):
        return None
    return _record(
        user=request.user,
        action=VIEW,
        source=source,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        business_id=_business_of(obj),
        path=request.path[:300],
    )


def log_export(export_log):
    return _record(
        user=export_log.user,
        action=EXPORT,
        source=EXPORT,
        model=export_log.dataset,
        export=export_log,
    )
