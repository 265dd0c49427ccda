"""One admin mixin for every ModelAdmin and inline that shows a model with personal data.

For a user without "registry.view_personal_data" (Pimpinan) the fields named in
`tuban_ikm.personal.PERSONAL_FIELDS` leave the change page, the inlines, the list columns,
the search, the list filters and the query string (?phone__startswith=0812 would let one
guess a number digit by digit), and the history page. Dinas sees everything, and each
change page it opens is written to the personal-data access log.
"""

import dataclasses

from simple_history.template_utils import HistoricalRecordContextHelper

from . import personal


def _trim(fields, hidden):
    """`fields` without `hidden`; rows of several fields keep their remaining members."""
    kept = []
    for entry in fields:
        if isinstance(entry, (list, tuple)):
            row = [name for name in entry if name not in hidden]
            if row:
                kept.append(tuple(row) if len(row) > 1 else row[0])
        elif entry not in hidden:
            kept.append(entry)
    return kept


class HistoryWithoutPersonalData(HistoricalRecordContextHelper):
    """Leaves personal fields out of the list of changes on the history page."""

    hidden = ()

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field not in self.hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))


class PersonalDataAdminMixin:
    """Hides the model's personal fields from users without the permission.

    `personal_columns`: names of admin methods in list_display or readonly_fields that show
    personal data computed from those fields (e.g. a user's full name).
    """

    personal_columns = ()

    def hidden_personal(self, request):
        if personal.may_see(request.user):
            return ()
        return (*personal.fields_of(self.model), *self.personal_columns)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.hidden_personal(request)
        if not hidden:
            return fieldsets
        trimmed = []
        for title, options in fieldsets:
            fields = _trim(options.get("fields", ()), hidden)
            if fields:
                trimmed.append((title, {**options, "fields": fields}))
        return trimmed

    def get_fields(self, request, obj=None):
        return _trim(super().get_fields(request, obj), self.hidden_personal(request))

    def get_readonly_fields(self, request, obj=None):
        return _trim(super().get_readonly_fields(request, obj), self.hidden_personal(request))

    def get_exclude(self, request, obj=None):
        # The form must not carry a hidden field either (a widget renders its value).
        hidden = self.hidden_personal(request)
        exclude = list(super().get_exclude(request, obj) or ())
        return [*exclude, *[name for name in hidden if name not in exclude]] if hidden else exclude or None

    def get_list_display(self, request):
        hidden = self.hidden_personal(request)
        list_display = super().get_list_display(request)
        return [f for f in list_display if not self._is_personal(f, hidden)] if hidden else list_display

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if links:
            kept = [name for name in links if name in list_display]
            return kept or list(list_display)[:1]
        return links

    def get_list_filter(self, request):
        hidden = self.hidden_personal(request)
        list_filter = super().get_list_filter(request)
        if not hidden:
            return list_filter
        kept = []
        for entry in list_filter:
            name = entry[0] if isinstance(entry, (list, tuple)) else entry
            if isinstance(name, str) and self._is_personal(name, hidden):
                continue
            kept.append(entry)
        return kept

    def get_search_fields(self, request):
        hidden = self.hidden_personal(request)
        search_fields = super().get_search_fields(request)
        return [f for f in search_fields if not self._is_personal(f, hidden)] if hidden else search_fields

    def lookup_allowed(self, lookup, value, request=None):
        # Django allows any lookup on a local field in the query string.
        if request is not None and not personal.may_see(request.user):
            if personal.path_touches_personal(self.model, lookup):
                return False
        return super().lookup_allowed(lookup, value, request)

    def get_historical_record_context_helper(self, request, historical_record):
        hidden = self.hidden_personal(request)
        if not hidden:
            return super().get_historical_record_context_helper(request, historical_record)
        helper = HistoryWithoutPersonalData(self.model, historical_record)
        helper.hidden = hidden
        return helper

    def _is_personal(self, name, hidden):
        if not isinstance(name, str):
            return False
        return name in hidden or personal.path_touches_personal(self.model, name)

    # Dinas opening a change page with personal fields on it: written to the access log.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original") if response.status_code == 200 else None
        if obj is not None and self._shows_personal(request):
            from .access_log import log_view

            log_view(request, obj, source="admin")
        return response

    def _shows_personal(self, request):
        if not personal.may_see(request.user):
            return False
        if personal.fields_of(self.model):
            return True
        inlines = (inline for inline in self.get_inline_instances(request))
        return any(personal.fields_of(inline.model) for inline in inlines)
