"""Step 3 of an import: the validated rows saved in one transaction, or nothing at all.

Saving is bulk, sheet by sheet in the sheets' order (businesses before the products that
name them, products before their market areas): new rows with bulk_create, changed rows
with bulk_update, each followed by their history rows (history.py: the rows simple-history's
bulk_create_with_history / bulk_update_with_history would write, written faster), so that
the history still says who changed what and when, at a few queries per thousand rows
instead of several per row. Unchanged rows cost nothing.

Optimistic locking is kept: before a versioned model's rows are updated, their versions
are read again under a row lock (SELECT ... FOR UPDATE where the database has it) and
compared with the versions validation saw; a record saved by someone else in between
raises ConcurrentEditError, the transaction is rolled back and nothing is written. The
updated rows get version + 1, as Model.save() would give them.

Bulk writes send no post_save: after the businesses are written the engine sends
`registry.signals.businesses_changed` (business_ids: every business the import created
or changed, or whose products, markets, reports or other rows it changed), inside the
transaction, so that summaries and the catalogue follow in the same all-or-nothing step.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from tuban_ikm.locking import ConcurrentEditError, VersionedModel

from ..models import Business
from ..signals import businesses_changed, collecting_changes
from .history import insert_history
from .results import Preview
from .scope import association_hooks
from .sheets import NEW, UNCHANGED
from .validation import validate

BATCH_SIZE = 500
SLICE = 2000


@dataclass
class ImportResult:
    preview: Preview
    applied: bool = False
    invitations: list = field(default_factory=list)  # (business, raw token)
    conflict: str = ""


def apply(raw_sheets, scope, *, dry_run=False, invite=True):
    """Validate, then save every row in one transaction, or nothing if any row fails."""
    try:
        # One businesses_changed for every business the import touched, inside its transaction.
        with transaction.atomic(), collecting_changes():
            if scope.association is not None:
                # One import at a time per association: a double click on "Simpan" waits for
                # the first to commit, then finds every row unchanged instead of adding twins.
                association_hooks().lock(scope.association)
            preview = validate(raw_sheets, scope)
            result = ImportResult(preview)
            if dry_run or preview.has_errors:
                return result
            _save(preview, scope, result, invite=invite)
            result.applied = True
            return result
    except (ConcurrentEditError, IntegrityError):
        # Someone saved one of these records after the check above, or the database refused
        # a row: the transaction is rolled back, nothing was written.
        return ImportResult(
            validate(raw_sheets, scope),
            conflict=_(
                "Tidak ada yang disimpan: data di registri berubah atau bertentangan saat impor berjalan. "
                "Periksa pratinjau lalu ulangi."
            ),
        )


def _history_user(scope):
    """Who the history rows name: the importer, else the request's user (simple-history's
    middleware), else nobody (the command line). Looked up once, not once per row."""
    if scope.user is not None:
        return scope.user
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def _save(preview, scope, result, *, invite):
    now = timezone.now()
    user = _history_user(scope)
    changed_business_ids = set()
    for sheet_result in preview.sheets:
        is_business_sheet = sheet_result.sheet.key == "businesses"
        rows = [row for row in sheet_result.rows if row.status != UNCHANGED and row.changed_fields]
        new = [row.instance for row in rows if row.instance.pk is None]
        changed = [row for row in rows if row.instance.pk is not None]
        if is_business_sheet and scope.association is not None:
            # Changed by the association: a verified profile goes back to Dinas, as when its
            # owner edits it (services.business_record_owner_edit).
            for row in changed:
                if row.instance.verification_status == Business.Verification.VERIFIED:
                    row.instance.verification_status = Business.Verification.SUBMITTED
                    row.instance.submitted_at = now
                    row.changed_fields = [*row.changed_fields, "verification_status", "submitted_at"]
        model = sheet_result.sheet.resource._meta.model
        # In slices, so that a sheet's history rows are never all in memory at once.
        for start in range(0, len(new), SLICE):
            created = model._default_manager.bulk_create(new[start : start + SLICE], batch_size=BATCH_SIZE)
            insert_history(created, model, history_type="+", user=user, date=now)
        for start in range(0, len(changed), SLICE):
            _bulk_update(model, changed[start : start + SLICE], now, user)
        for row in rows:
            changed_business_ids.add(_business_id(row.instance))
        if is_business_sheet:
            for row in rows:
                for name in Business.GENERATED_FIELDS:
                    row.instance.__dict__.pop(name, None)  # computed by the database: reload on access
            if scope.association is not None:
                members = [row for row in sheet_result.rows if row.becomes_member]
                association_hooks().enrol(scope.association, members, user=user, date=now)
                changed_business_ids.update(row.instance.pk for row in members)
                if invite:
                    _invite(sheet_result.rows, scope, result)
    changed_business_ids.discard(None)
    if changed_business_ids:
        businesses_changed.send(sender=Business, business_ids=sorted(changed_business_ids))


def _bulk_update(model, rows, now, user):
    instances = [row.instance for row in rows]
    fields = {name for row in rows for name in row.changed_fields}
    if issubclass(model, VersionedModel):
        _check_versions(model, instances)
        fields.add("version")
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        for instance in instances:
            instance.updated_at = now  # auto_now is not applied by bulk_update
        fields.add("updated_at")
    # changed_fields holds attnames (desa_id): bulk_update wants field names (desa).
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields if not f.generated}
    names = sorted(by_attname[name] for name in fields if name in by_attname)
    model._default_manager.bulk_update(instances, names, batch_size=BATCH_SIZE)
    insert_history(instances, model, history_type="~", user=user, date=now)


def _check_versions(model, instances):
    """The versions validation read must still be the saved ones; then they go up by one."""
    current = {}
    ids = [instance.pk for instance in instances]
    current.update(model._base_manager.select_for_update().filter(pk__in=ids).values_list("pk", "version"))
    for instance in instances:
        expected = instance.version or 1
        if current.get(instance.pk) != expected:
            raise ConcurrentEditError(instance)
        instance.version = expected + 1


def _business_id(instance):
    if isinstance(instance, Business):
        return instance.pk
    business_id = getattr(instance, "business_id", None)
    if business_id is not None:
        return business_id
    product = getattr(instance, "product", None)
    return getattr(product, "business_id", None)


def _invite(rows, scope, result):
    """A claim link for every new business of the officers' import that has no owner yet."""
    from accounts.services import invitations_create

    businesses = [row.instance for row in rows if row.status == NEW and row.instance.owner_id is None]
    if businesses:
        result.invitations.extend(invitations_create(businesses=businesses, created_by=scope.user))
