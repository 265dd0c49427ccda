"""Enforces accounts/security.py on every request: the absolute time limit of a staff
session, and the second factor before any page other than the sign-in steps."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import security

# Pages an unverified session may still open: the second-factor steps and signing out.
OTP_EXEMPT_VIEWS = {"accounts:otp_setup", "accounts:otp_verify", "accounts:logout", "admin:logout", "set_language"}
OTP_EXEMPT_PREFIXES = ("/healthz", "/favicon.ico", "/i18n/")


class SignInSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if security.session_expired(request):
            logout(request)
            messages.info(
                request,
                _("Sesi staf berakhir setelah %(hours)d jam. Silakan masuk lagi.")
                % {"hours": settings.STAFF_SESSION_HOURS},
            )
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not security.otp_required(request) or request.user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OTP_EXEMPT_VIEWS:
            return None
        path = request.path_info
        if path.startswith(OTP_EXEMPT_PREFIXES) or path.startswith(f"/{settings.STATIC_URL.lstrip('/')}"):
            return None
        step = "accounts:otp_verify" if security.has_confirmed_device(request.user) else "accounts:otp_setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
