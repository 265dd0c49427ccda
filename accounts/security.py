"""Sign-in security shared by the login views, the middleware and the admin: how long a
session lives, and who must pass the second factor (TOTP, django-otp) before any page.

Staff (is_staff: Staf Dinas, Pimpinan) open the admin and personal data, so their sessions
end when the browser closes and at most STAFF_SESSION_HOURS after signing in, and they
need a confirmed authenticator device (OTP_REQUIRED_FOR_STAFF). Owners may stay signed in
for SESSION_COOKIE_AGE and may turn the second factor on for themselves.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import devices_for_user

SIGNED_IN_AT = "signed_in_at"  # session key: when the password was accepted (epoch seconds)
OTP_CHOSEN = "otp_chosen"  # session key: an owner who turned 2FA on must pass it too


def staff_session_seconds():
    return int(getattr(settings, "STAFF_SESSION_HOURS", 8)) * 3600


def otp_required_for_staff():
    return getattr(settings, "OTP_REQUIRED_FOR_STAFF", True)


def has_confirmed_device(user):
    return any(devices_for_user(user, confirmed=True))


def otp_required(request):
    """Whether this signed-in session must be verified with a one-time code."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_staff and otp_required_for_staff():
        return True
    return bool(request.session.get(OTP_CHOSEN))


def session_expired(request, now=None):
    """A staff session older than STAFF_SESSION_HOURS (or one without a sign-in time)."""
    if not request.user.is_authenticated or not request.user.is_staff:
        return False
    signed_in_at = request.session.get(SIGNED_IN_AT)
    now = time.time() if now is None else now
    return signed_in_at is None or now - signed_in_at > staff_session_seconds()


@receiver(user_logged_in, dispatch_uid="accounts.security.session_on_login")
def session_on_login(sender, request, user, **kwargs):
    """Session length by role, and whether the second factor is due, decided at sign-in
    (so that pages of owners without 2FA cost no extra query)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[SIGNED_IN_AT] = int(time.time())
    if user.is_staff:
        request.session.set_expiry(0)  # ends with the browser; the 8 h cap is the middleware's
    else:
        request.session.set_expiry(None)  # SESSION_COOKIE_AGE; "Tetap masuk" unticked shortens it
        if has_confirmed_device(user):
            request.session[OTP_CHOSEN] = True


def lockout_response(request, original_response=None, credentials=None):
    """The page django-axes shows instead of the login form once an account is locked
    (setting AXES_LOCKOUT_CALLABLE): Indonesian, with the wait in minutes, status 429."""
    from axes.helpers import get_cool_off, get_failure_limit
    from django.shortcuts import render

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "accounts/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def client_ip(request):
    """The client's address for django-axes (setting AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless TRUSTED_PROXY_COUNT proxies (nginx, a load balancer) stand in front:
    then the address the outermost trusted proxy saw, counted from the right of
    X-Forwarded-For, so a client cannot pick its own address by sending the header.
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
