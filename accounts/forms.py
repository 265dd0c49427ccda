from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.template import loader
from django.utils.translation import gettext_lazy as _

from tuban_ikm.outbox import email_queue
from tuban_ikm.site import site_url
from tuban_ikm.validators import normalize_phone

from .models import DataRequest

User = get_user_model()

LOGIN_LABEL = _("Email, nomor HP, atau nama pengguna")


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Email, nomor HP, atau nama pengguna dan kata sandi tidak cocok. Periksa kembali, "
            "atau pakai tautan lupa kata sandi."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = LOGIN_LABEL
        # An email may be longer than a username (254 against 150).
        username.max_length = 254
        # AuthenticationForm only sets the widget's maxlength: refuse a longer value here, before
        # authenticate() hands it to django-axes, whose log column holds 255 characters (a
        # 500 on PostgreSQL, found by tests/ops/test_fuzz_forms.py).
        username.validators.append(MaxLengthValidator(254))
        username.widget.attrs.update({"maxlength": 254, "autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = _("Kata sandi")
        # Owners may stay signed in on their own phone; staff sessions are short anyway.
        self.fields["remember"] = forms.BooleanField(
            label=_("Tetap masuk di perangkat ini"),
            required=False,
            initial=True,
            help_text=_("Jangan centang di komputer bersama. Akun staf selalu keluar saat peramban ditutup."),
        )


class SignupForm(SetPasswordMixin, forms.Form):
    error_messages = {"password_mismatch": _("Kedua kata sandi tidak sama.")}

    name = forms.CharField(
        label=_("Nama lengkap"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Isi email atau nomor HP, salah satu cukup. Email dipakai bila Anda lupa kata sandi."),
    )
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Contoh: 0812 3456 7890."),
    )
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1=_("Kata sandi"), label2=_("Ulangi kata sandi")
    )

    # Whether the email or phone is taken is never said here (that would tell anyone who is
    # registered): accounts.services.user_signup decides, and the page is the same.
    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_phone(phone) if phone else None

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.has_error("email"):
            if not self.has_error("phone"):
                message = _("Isi email atau nomor HP (salah satu cukup).")
                self.add_error("email", ValidationError(message, code="contact_required"))
                self.add_error("phone", ValidationError(message, code="contact_required"))
        self.validate_passwords()
        # Judge the password against the name and email, as UserCreationForm does.
        candidate = User(first_name=cleaned.get("name", ""), email=cleaned.get("email") or "")
        self.validate_password_for_user(candidate)
        return cleaned


class DataRequestForm(forms.ModelForm):
    class Meta:
        model = DataRequest
        fields = ("kind", "business", "message")
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        business = self.fields["business"]
        # Only the user's own businesses: another owner's id is "not one of the choices".
        business.queryset = user.businesses.order_by("name", "pk")
        business.empty_label = _("Akun saya / semua data saya")
        self.fields["kind"].choices = DataRequest.Kind.choices


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email put in the outbox (tuban_ikm.outbox) instead of
    sent on the spot: a mail server that is down no longer answers the page with a 500."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # The link's host comes from SITE_URL, not from the request's Host header (which the
        # person asking for the reset chooses: a classic way to steal reset tokens).
        context = {**context, "site_url": site_url() or f"{context['protocol']}://{context['domain']}"}
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(subject=subject, body=body, to=[to_email], from_email=from_email, kind="password_reset")


class OTPTokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the backup codes."""

    token = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("Enam angka dari aplikasi autentikator, atau salah satu kode cadangan."),
    )

    def __init__(self, *args, check, **kwargs):
        # check(token) -> the device that accepted it, or None
        self.check = check
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        self.device = self.check(token)
        if self.device is None:
            raise ValidationError(
                _("Kode salah atau sudah kedaluwarsa. Periksa jam di ponsel Anda, lalu coba kode yang baru."),
                code="invalid_token",
            )
        return token
