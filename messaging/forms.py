from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from organizations.selectors import associations_run_by
from registry.access import owned_businesses

from .models import ANSWER_PERMISSION, Message, Thread

GENERAL = ""
SELECT = {"class": "form-select"}


class ThreadForm(forms.Form):
    """A new thread: what about (one of the writer's businesses, an association they run, or
    in general), its kind, subject and first message."""

    kind = forms.ChoiceField(label=_("Jenis pesan"), choices=Thread.Kind.choices, widget=forms.RadioSelect)
    about = forms.ChoiceField(label=_("Tentang"), required=False)
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    body = forms.CharField(label=_("Pesan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), strip=True)

    def __init__(self, *args, writer, **kwargs):
        super().__init__(*args, **kwargs)
        self.businesses = {f"usaha-{b.pk}": b for b in owned_businesses(writer).select_related("desa").order_by("name")}
        self.associations = {f"asosiasi-{a.pk}": a for a in associations_run_by(writer).order_by("name")}
        choices = [(GENERAL, _("Umum (tidak tentang satu usaha)"))]
        choices += [(key, _("Usaha: %(name)s") % {"name": b.name}) for key, b in self.businesses.items()]
        choices += [(key, _("Asosiasi: %(name)s") % {"name": a.name}) for key, a in self.associations.items()]
        self.fields["about"].choices = choices
        if len(self.businesses) == 1 and not self.associations and not self.is_bound:
            self.initial.setdefault("about", next(iter(self.businesses)))

    def target(self):
        key = self.cleaned_data.get("about") or GENERAL
        return {"business": self.businesses.get(key), "association": self.associations.get(key)}


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ["body"]
        labels = {"body": _("Balasan")}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Ditangani oleh"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Belum ada"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        app_label, codename = ANSWER_PERMISSION.split(".")
        users = get_user_model().objects.filter(is_active=True, is_staff=True)
        self.fields["assigned_to"].queryset = (
            (
                users.filter(
                    groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
                )
                | users.filter(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
                | users.filter(is_superuser=True)
            )
            .distinct()
            .order_by("username")
        )
        self.fields["assigned_to"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("terbuka", _("Terbuka")),
        ("menunggu", _("Menunggu jawaban")),
        ("ditutup", _("Ditutup")),
        ("semua", _("Semua")),
    ]
    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, widget=forms.Select(attrs=SELECT)
    )
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("", _("Semua jenis")), *Thread.Kind.choices],
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    mine = forms.BooleanField(
        label=_("Hanya yang saya tangani"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
