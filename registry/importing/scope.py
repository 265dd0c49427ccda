"""What an import may touch, and the hooks through which a higher app takes part.

The officers' import makes its businesses members of their association. Associations are
the organizations app's, built on the registry: the engine does not import it. The app
registers `AssociationHooks` from its AppConfig.ready() and the engine calls them when a
scope has an association.
"""

from django.utils.translation import gettext as _

from .sheets import SHEETS_BY_KEY, TEMPLATE_SHEETS, BadFile, _header


class AssociationHooks:
    """What the engine asks of the app that owns associations (all bulk: no per-row query).

    - `lock(association)`: lock the association's umbrella row until the transaction ends
      (one import at a time per association);
    - `member_business_ids(association, business_ids)`: which of these are active members;
    - `enrol(association, rows, user=, date=)`: make each row's business (saved) an active
      member, joined on `row.joined_on` or today, with history rows naming `user` at `date`;
      `rows` are results.RowResult with `.instance`.
    """

    def lock(self, association):
        raise NotImplementedError

    def member_business_ids(self, association, business_ids):
        raise NotImplementedError

    def enrol(self, association, rows, *, user=None, date=None):
        raise NotImplementedError


_association_hooks = []


def register_association_hooks(hooks):
    _association_hooks[:] = [hooks]


def association_hooks():
    if not _association_hooks:
        raise RuntimeError("An import for an association needs the app that owns associations (organizations).")
    return _association_hooks[0]


class Scope:
    """What an import may touch and where its new businesses go.

    `editable_business_ids`: existing businesses the importer may update (an officer's
    members); None means any (Dinas). `association`: new and matched businesses become
    its active members (the officers' import, or --organization).
    """

    def __init__(self, *, editable_business_ids=None, association=None, user=None, template_only=False):
        self.editable_business_ids = editable_business_ids
        self.association = association
        self.user = user
        # Officers import the template's sheets and columns only: no statuses, no aid, no
        # production reports (those are the owner's and Dinas's).
        self.template_only = template_only

    def check(self, raw_sheets):
        """Refuse, as a whole, sheets or columns this importer may not write."""
        if not self.template_only:
            return
        for key, rows in raw_sheets.items():
            sheet = SHEETS_BY_KEY[key]
            if not sheet.template_fields:
                raise BadFile(
                    _("Lembar %(sheet)s hanya dapat diimpor oleh Dinas. Pakai lembar dari templat: %(sheets)s.")
                    % {"sheet": sheet.title(), "sheets": ", ".join(s.title() for s in TEMPLATE_SHEETS)}
                )
            allowed = set(sheet.template_fields)
            extra = sorted({name for _line, values in rows for name in values} - allowed)
            if extra:
                raise BadFile(
                    _("Kolom %(columns)s di lembar %(sheet)s hanya dapat diimpor oleh Dinas. Hapus kolom itu.")
                    % {"columns": ", ".join(f"“{_header(sheet, n)}”" for n in extra), "sheet": sheet.title()}
                )

    def may_edit(self, business):
        if business.pk is None or self.editable_business_ids is None:
            return True
        return business.pk in self.editable_business_ids
