"""Two-factor sign-in pages (/akun/2fa/): set up an authenticator app, enter a code after
the password, backup codes. accounts/middleware.py sends staff here before any other page."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from tuban_ikm.redirects import safe_next

from . import security, services
from .forms import OTPTokenForm


def _with_next(url, next_url):
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _secret_in_groups(device):
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(url):
    # Drawn on the server as inline SVG: no image service, no CDN, works offline.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, title=_("Kode QR untuk aplikasi autentikator")))


def _show_backup_codes(request, codes, next_url):
    return render(request, "accounts/otp_backup_codes.html", {"codes": codes, "next": next_url or reverse("start")})


@never_cache
@login_required
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Scan the QR code (or type the secret), then confirm with a code from the app.

    With a confirmed device the page shows the state and offers new backup codes or a new
    app, and only to a verified session: a stolen password alone cannot replace the device.
    """
    user = request.user
    next_url = safe_next(request)
    confirmed = security.has_confirmed_device(user)
    if confirmed and not user.is_verified():
        return redirect(_with_next(reverse("accounts:otp_verify"), next_url))
    action = request.POST.get("action") if request.method == "POST" else None
    if confirmed and action == "codes":
        codes = services.otp_backup_codes_create(user=user)
        messages.success(request, _("Kode cadangan baru sudah dibuat; kode lama tidak berlaku lagi."))
        return _show_backup_codes(request, codes, next_url)
    if confirmed and action != "confirm" and request.GET.get("ganti") != "1":
        return render(request, "accounts/otp_status.html", {"next": next_url})

    device = services.otp_pending_device(user=user)

    def check(token):
        return device if device.verify_token(token) else None

    form = OTPTokenForm(request.POST if action == "confirm" else None, check=check)
    form.fields["token"].help_text = _("Enam angka yang tampil di aplikasi autentikator.")
    if action == "confirm" and form.is_valid():
        codes = services.otp_device_confirm(user=user, device=device)
        device.refresh_from_db()
        otp_login(request, device)
        request.session[security.OTP_CHOSEN] = True
        messages.success(request, _("Verifikasi dua langkah aktif untuk akun Anda."))
        return _show_backup_codes(request, codes, next_url)
    context = {
        "form": form,
        "secret": _secret_in_groups(device),
        "qr_svg": _qr_svg(device.config_url),
        "next": next_url,
        "replacing": confirmed,
        "required": user.is_staff and security.otp_required_for_staff(),
    }
    return render(request, "accounts/otp_setup.html", context)


@never_cache
@login_required
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step after the password: a code from the app or a backup code."""
    user = request.user
    next_url = safe_next(request)
    if user.is_verified():
        return redirect(next_url or "start")
    if not security.has_confirmed_device(user):
        return redirect("accounts:otp_setup")
    form = OTPTokenForm(request.POST or None, check=lambda token: match_token(user, token))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if form.device.__class__.__name__ == "StaticDevice":
            left = form.device.token_set.count()
            messages.warning(
                request,
                _(
                    "Anda masuk dengan kode cadangan; tersisa %(left)d. "
                    "Buat kode baru di halaman verifikasi dua langkah."
                )
                % {"left": left},
            )
        return redirect(next_url or "start")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})
