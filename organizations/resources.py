"""The association's sheet of the registry's import and export (dashboard exports, the
import engine's "Keanggotaan" sheet): memberships, headed in Indonesian like the
registry's sheets (registry/resources.py), whose base classes it uses."""

from django.utils.translation import gettext_lazy as _
from import_export import widgets

from registry.models import Desa
from registry.resources import BusinessChildResource, SheetField, choice, day, integer, readonly, text

from .models import Association, Membership


class MembershipResource(BusinessChildResource):
    sheet_title = _("Keanggotaan")
    export_select_related = ("business",)
    export_references = {
        "business__desa": Desa.objects.select_related("kecamatan"),
        "association": Association.objects.all(),
        "umbrella": Association.objects.all(),
    }

    id = integer("id", _("ID"), readonly=True)
    association = SheetField(
        attribute="association",
        column_name=_("Asosiasi/unit"),
        widget=widgets.ForeignKeyWidget(Association, "name"),
    )
    umbrella = readonly("umbrella__name", _("Asosiasi induk"))
    member_number = text("member_number", _("Nomor anggota"))
    status = choice("status", _("Status"), Membership.Status.choices)
    joined_on = day("joined_on", _("Tanggal bergabung"))
    left_on = day("left_on", _("Tanggal keluar"))

    class Meta:
        model = Membership
        fields = (
            "id",
            "business",
            "business_nib",
            "business_name",
            "business_kecamatan",
            "association",
            "umbrella",
            "member_number",
            "status",
            "joined_on",
            "left_on",
        )
        export_order = fields
        import_id_fields = ("business", "association")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True
        chunk_size = 2000
