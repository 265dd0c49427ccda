"""What base.html needs on every page, without a query per page.

Navigation:
base.html is rendered on every page and owners' pages keep tight query budgets, so whether
the user is a buyer (group "Pembeli") is asked once at log-in and kept in the session, like
the officer flag in organizations/context_processors.py. The flag only decides which links
are shown: every page checks its own permission.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject

from .roles import PEMBELI

BUYER_SESSION_KEY = "nav_buyer"


@receiver(user_logged_in, dispatch_uid="tuban_ikm_remember_buyer")
def remember_buyer_on_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        session[BUYER_SESSION_KEY] = user.groups.filter(name=PEMBELI).exists()


def navigation(request):
    # A callable: the session is only read if a template asks (base.html asks signed-in users).
    return {"is_buyer": lambda: bool(getattr(request, "session", {}).get(BUYER_SESSION_KEY))}


def dinas_contact(request):
    """Dinas's contact details for the footer: read at most once per request, and only when a
    template asks (the error pages render without the database and never ask)."""
    from .models import DinasContact

    return {"dinas_contact": SimpleLazyObject(DinasContact.current)}
