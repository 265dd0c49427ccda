"""Writing the personal-data access log (dashboard.PersonalDataAccess).

Call `log_view` wherever a page shows personal data to a user who holds the permission;
`log_export` is called by dashboard.exporting for every export that carries personal
data. Nothing is logged for users without the permission: they were shown none.
"""

from . import personal


def _business_of(obj):
    from registry.models import Business

    if isinstance(obj, Business):
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
    from dashboard.models import PersonalDataAccess

    if not (personal.may_see(request.user) if shown is None else shown):
        return None
    return PersonalDataAccess.objects.create(
        user=request.user,
        action=PersonalDataAccess.Action.VIEW,
        source=source,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        business_id=_business_of(obj),
        path=request.path[:300],
    )


def log_export(export_log):
    from dashboard.models import PersonalDataAccess

    return PersonalDataAccess.objects.create(
        user=export_log.user,
        action=PersonalDataAccess.Action.EXPORT,
        source=PersonalDataAccess.Source.EXPORT,
        model=export_log.dataset,
        export=export_log,
    )
