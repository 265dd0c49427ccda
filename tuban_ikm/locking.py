"""No lost updates: optimistic locking with a version number of our own.

Every save of a `VersionedModel` is a conditional UPDATE (... WHERE id = %s AND version = %s)
that also raises the version by one. When someone else saved the record after this copy was
loaded, no row matches and `ConcurrentEditError` is raised instead of overwriting their
change. Forms carry the version they were loaded with as a hidden field, so the check
covers the whole time a person has the form open, not only the instant of saving.

QuerySet.update() and bulk_create() do not go through here: bulk writes keep the default
version (bulk_create) or leave it as it is (update), which is what imports and seeds want.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(DatabaseError):
    """The record was saved by someone else after this copy was loaded."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} was changed by someone else")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = self.version or 1
        field = self._meta.get_field("version")
        values = [value for value in values if value[0].name != "version"] + [(field, None, expected + 1)]
        if base_qs.filter(pk=pk_val, version=expected)._update(values) > 0:
            self.version = expected + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise ConcurrentEditError(self)
        return False  # a new row with a chosen primary key: Django inserts it


def history_url(instance):
    """The admin history page of a record, where staff see who changed what."""
    opts = instance._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])
    except NoReverseMatch:
        return ""


def last_change(instance):
    """(who, when) of the latest history row, for the conflict message."""
    history = getattr(instance, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record is None:
        return None, None
    return record.history_user, record.history_date


def conflict_message(instance, *, staff):
    user, when = last_change(instance)
    who = (user.get_full_name() or user.get_username()) if user else gettext("orang lain")
    when = timezone.localtime(when).strftime("%d-%m-%Y %H:%M") if when else ""
    text = gettext(
        "Data ini sudah diubah oleh %(who)s (%(when)s) setelah Anda membuka formulir ini. "
        "Perubahan Anda belum disimpan agar perubahan mereka tidak tertimpa."
    ) % {"who": who, "when": when}
    if staff and history_url(instance):
        return format_html(
            '{} <a href="{}" target="_blank">{}</a>. {}',
            text,
            history_url(instance),
            gettext("Lihat perubahan di riwayat"),
            gettext("Lalu muat ulang formulir dan masukkan lagi perubahan Anda."),
        )
    return format_html(
        '{} <a href="">{}</a> {}',
        text,
        gettext("Muat ulang halaman"),
        gettext("untuk melihat data terbaru, lalu masukkan lagi perubahan Anda."),
    )


class VersionedFormMixin:
    """For ModelForms of a VersionedModel: a hidden `version` with the value the form was
    loaded with; saving refuses when the record has moved on since."""

    conflict_for_staff = False

    def version_field_wanted(self):
        return True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = False
        if self.version_field_wanted() and "version" not in self.fields:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if "version" not in self.fields:
            return
        # New records have nothing to conflict with; the field stays so layouts keep working.
        self.fields["version"].initial = self.instance.version if self.instance.pk is not None else None

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get("version")
        # The instance was loaded from the database for this request: its version is the
        # current one. No version posted (simple-history's revert page): nothing to compare.
        if self.instance.pk is not None and posted is not None and posted != self.instance.version:
            self.conflict = True
            raise ValidationError(conflict_message(self.instance, staff=self.conflict_for_staff), code="conflict")
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance.pk is None or self.conflict:
            return
        posted = getattr(self, "cleaned_data", {}).get("version")
        if posted is not None:
            # The conditional UPDATE then checks against what the person saw.
            self.instance.version = posted
        else:
            # A restored old version (simple-history) carries its old number: save over the current one.
            manager = type(self.instance)._base_manager
            current = manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current is not None:
                self.instance.version = current


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    """Base form for admin classes using VersionedAdminMixin: `version` is added as a form
    field (the model field is not editable) when the admin's fieldsets name it, which they
    do except on simple-history's read-only and revert pages."""

    def version_field_wanted(self):
        return "version" in (self._meta.fields or ())

    class Meta:
        exclude = ["version"]  # noqa: DJ006 - the admin builds the field list; this only keeps it valid


class VersionedAdminMixin:
    """ModelAdmin or inline mixin: the change form carries the version; a stale form is
    refused with a link to the record's history. Put it before the admin base class."""

    form = VersionedModelForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.conflict_for_staff = True
        return form

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.conflict_for_staff = True
        return formset

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, "_history_revert", False):
            return fieldsets
        return [*fieldsets, (None, {"fields": ["version"], "classes": ["hidden"]})]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request._history_revert = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConcurrentEditError as error:
            # Saved by someone else between the form's check and the UPDATE: rolled back.
            messages.error(request, conflict_message(error.instance, staff=True))
            return HttpResponseRedirect(request.path)


# --- Pages that edit the rows of a versioned record (formsets, row buttons) ---------------

PARENT_VERSION_FIELD = "parent_version"


def posted_parent_version(data):
    """The version of the parent record the page was loaded with (a hidden field named
    PARENT_VERSION_FIELD, see templates/_parent_version.html); None when not posted."""
    try:
        return int(data[PARENT_VERSION_FIELD])
    except (KeyError, TypeError, ValueError):
        return None


def version_bump(instance, data=None):
    """A row of `instance` (a product's certifications, a business's assistance) is being
    saved: raise the parent's version, checked against the version the page was loaded
    with, so that a second tab opened before this save is refused instead of overwriting
    it. Call inside the transaction that saves the rows, before saving them: the
    conditional UPDATE also locks the parent until the commit. Raises ConcurrentEditError.
    Goes through save() so that the parent's history records who changed it and when."""
    posted = posted_parent_version(data) if data is not None else None
    if posted is None:
        # Nothing to check against (a change that overwrites nothing, or an old page): the
        # version still moves on, so that other open pages become stale.
        manager = type(instance)._base_manager
        manager.filter(pk=instance.pk).update(version=models.F("version") + 1)
        instance.version = manager.filter(pk=instance.pk).values_list("version", flat=True).get()
        return
    if posted != instance.version:
        raise ConcurrentEditError(instance)
    instance.version = posted
    fields = ["version"] + [f.name for f in instance._meta.concrete_fields if f.name == "updated_at"]
    instance.save(update_fields=fields)
