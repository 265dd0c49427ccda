"""Exports from the admin: the changelist as filtered (list filters, search), or the selected
rows, through the same streaming exporter, permission check and log as the dashboard.

Use on a ModelAdmin whose model has a sheet in registry/resources.py:

    from tuban_ikm.admin_exports import ExportFilteredMixin

    @admin.register(Business)
    class BusinessAdmin(ExportFilteredMixin, HistoryAdmin):
        ...

It adds two buttons above the changelist ("Ekspor xlsx/CSV sesuai saringan"), which export
every row the current filters and search select (never a list of posted ids, so there is
no 1,000-field limit), and two actions for the selected rows. Both need the sheet's
"export_<model>" permission; personal-data columns appear only for users holding
"registry.view_personal_data"; every export is written to ExportLog with source "admin".

The mixin lives in the base package because the registry's and the association's admins use
it; the exporter behind it (datasets, streaming, the export log) is the dashboard's, above
them, and registers itself with `set_exporter` in DashboardConfig.ready()
(dashboard/admin_exporter.py).
"""

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

_exporter = None


def set_exporter(exporter):
    """`exporter` offers FORMATS, FORMAT_LABELS, ADMIN_SOURCE, dataset_for_model, may_export, prepare_export,
    export_response and importable_models (dashboard/admin_exporter.py)."""
    global _exporter
    _exporter = exporter


def exporter():
    if _exporter is None:
        raise RuntimeError("No exporter is installed (the dashboard app registers it).")
    return _exporter


class ExportFilteredMixin:
    change_list_template = "admin/export_change_list.html"

    def export_dataset(self):
        return exporter().dataset_for_model(self.model)

    def has_export_permission(self, request):
        return exporter().may_export(request.user, self.export_dataset().key)

    def _url_name(self, suffix):
        return f"{self.opts.app_label}_{self.opts.model_name}_{suffix}"

    def get_urls(self):
        urls = [
            path(
                "ekspor/<slug:file_format>/",
                self.admin_site.admin_view(self.export_filtered_view),
                name=self._url_name("export_filtered"),
            )
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_export_permission(request):
            query = request.GET.urlencode()
            extra_context["export_filtered_links"] = [
                (
                    _("Ekspor %(format)s sesuai saringan") % {"format": exporter().FORMAT_LABELS[fmt]},
                    reverse(f"{self.admin_site.name}:{self._url_name('export_filtered')}", args=[fmt])
                    + (f"?{query}" if query else ""),
                )
                for fmt in exporter().FORMATS
            ]
        if self.model in exporter().importable_models() and request.user.has_perm("registry.import_business"):
            # Imports run on the Dinas import page (same sheets, a preview, all or nothing),
            # not on import-export's admin pages: see the README.
            extra_context["import_link"] = reverse("dinas:import_upload")
        return super().changelist_view(request, extra_context)

    def export_filtered_view(self, request, file_format):
        """Every row the changelist selects for these GET parameters, across all its pages."""
        if file_format not in exporter().FORMATS:
            raise Http404
        if not self.has_export_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, _("Saringan tidak dikenali; ekspor dibatalkan."))
            return HttpResponseRedirect(reverse(f"{self.admin_site.name}:{self._url_name('changelist')}"))
        return self._export(request, changelist.queryset, file_format, dict(request.GET.lists()))

    def _export(self, request, queryset, file_format, filters):
        export = exporter().prepare_export(
            user=request.user,
            dataset=self.export_dataset().key,
            file_format=file_format,
            source=exporter().ADMIN_SOURCE,
            filters={key: values[0] if len(values) == 1 else values for key, values in filters.items()},
            queryset=queryset,
        )
        return exporter().export_response(export)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_export_permission(request):
            for fmt in exporter().FORMATS:
                name = f"export_selected_{fmt.replace('-', '_')}"
                description = _("Ekspor %(format)s baris yang dipilih") % {"format": exporter().FORMAT_LABELS[fmt]}
                actions[name] = (self._selected_action(fmt), name, description)
        return actions

    def _selected_action(self, file_format):
        def action(modeladmin, request, queryset):
            if not modeladmin.has_export_permission(request):
                raise PermissionDenied
            # The changelist's filters stay in the URL the action posts to; mark the selection.
            filters = {**dict(request.GET.lists()), "baris_dipilih": ["ya"]}
            return modeladmin._export(request, queryset, file_format, filters)

        return action
