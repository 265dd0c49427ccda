"""The aid part of the registry's spreadsheet import (registry/importing/): the "Bantuan"
sheet (Dinas only), assistance a business received, matched on (business, programme,
year, kind). Rows written by the aid cycle (source "programme") belong to it: a sheet
neither makes one nor turns one into another kind.

Registered from AidConfig.ready(); the engine never imports this app.
"""

from django.utils.translation import gettext as _

from registry import importing
from registry.resources import AssistanceResource


def validate_assistance(validation, rows):
    sheet = importing.SHEETS_BY_KEY["assistance"]
    writable = [n for n, f in sheet.resource.fields.items() if not f.readonly and n != "business"]
    Source = sheet.resource._meta.model.Source  # noqa: N806
    for row, _cleaned, instance, before in validation.business_children(
        rows, sheet.resource._meta.model, writable, ("programme", "year", "kind")
    ):
        was_programme = instance.pk is not None and before["source"] == Source.PROGRAMME
        is_programme = instance.source == Source.PROGRAMME
        if is_programme and not was_programme:
            row.error(
                "source",
                _("Sumber “%(label)s” hanya dicatat oleh proses bantuan; pakai “%(dinas)s” atau “%(owner)s”.")
                % {"label": Source.PROGRAMME.label, "dinas": Source.DINAS.label, "owner": Source.OWNER.label},
            )
        elif was_programme and not is_programme:
            row.error("source", _("Baris dari program bantuan tidak dapat diubah sumbernya."))
        validation.model_checks(row, instance, before, exclude=["business"])
        row.instance = instance


ASSISTANCE_SHEET = importing.Sheet(
    "assistance",
    AssistanceResource,
    position=60,
    template_fields=None,
    required_fields=("programme", "agency", "year", "kind", "item"),
    needed_columns=(("programme",), ("year",), ("kind",), ("business", "business_nib", "business_name")),
    lookup_fields=("business", "business_nib", "business_name", "business_kecamatan"),
    validator=validate_assistance,
)


def register():
    importing.register_sheet(ASSISTANCE_SHEET)
