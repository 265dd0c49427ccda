"""The one way to follow a `next` parameter: only to a path on this site.

A `next` taken as it comes lets a link or a forged form send a signed-in user to
https://evil.example/ (an open redirect, useful for phishing a login page).
"""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default=""):
    """`next` from POST, else GET, when it stays on this host (and on HTTPS when the request
    is), else `default`."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
