"""The "Asosiasi" link in the navigation, without a query on every page.

base.html is rendered on every page and owners' pages keep tight query budgets, so the
officer check is not run per page. It runs once at log-in (one query) and its answer waits
in the session, which every page loads anyway; the officers' pages refresh it whenever
they check the role (a term that ended hides the link at the next refused visit). A user
appointed while logged in sees the link after their next log-in. The flag only decides
whether a link is shown: every officer page checks the role itself.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_KEY = "organizations_officer"


def remember_officer(request, is_officer):
    """Store the answer in the session; writes only when it changed."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) != is_officer:
        session[SESSION_KEY] = is_officer


@receiver(user_logged_in, dispatch_uid="organizations_remember_officer")
def remember_officer_on_login(sender, request, user, **kwargs):
    from .selectors import officer_roles

    if request is not None:
        remember_officer(request, officer_roles(user).exists())


def officer_nav(request):
    # A callable: the session is only read if a template asks (base.html asks signed-in users).
    return {"is_association_officer": lambda: bool(getattr(request, "session", {}).get(SESSION_KEY))}
