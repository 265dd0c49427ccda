"""Log in with an email, a phone number (0812…, +62…, 62…) or a username.

Owners remember their email or their phone, rarely a username we made up for them. The
backend finds the account in one query whatever was typed, and runs the password hasher
exactly once on every path, as ModelBackend does, so that the response time does not tell
whether an account exists.
"""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db.models import Q

from tuban_ikm.validators import normalize_phone

UserModel = get_user_model()

# Digits with the usual separators, optionally a leading "+": worth trying as a phone number.
PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{8,20}$")


def phone_or_none(identifier):
    if not PHONE_LIKE.match(identifier):
        return None
    try:
        return normalize_phone(identifier)
    except ValidationError:
        return None


def find_user(identifier):
    """The one account `identifier` names, or None.

    Precedence when several accounts match: exact username, then email (case-insensitive,
    exact case first), then phone. Sign-up refuses an email equal to an existing username,
    so the precedence only matters for accounts made by hand in the admin.
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    username_field = UserModel.USERNAME_FIELD
    condition = Q(**{username_field: identifier})
    if "@" in identifier:
        condition |= Q(email__iexact=identifier)
    phone = phone_or_none(identifier)
    if phone:
        condition |= Q(phone=phone)
    candidates = list(UserModel._default_manager.filter(condition)[:5])

    by_username = [u for u in candidates if getattr(u, username_field) == identifier]
    if by_username:
        return by_username[0]
    by_email = [u for u in candidates if "@" in identifier and u.email.lower() == identifier.lower()]
    if len(by_email) > 1:
        by_email = [u for u in by_email if u.email == identifier]
    if len(by_email) == 1:
        return by_email[0]
    if by_email:
        return None  # ambiguous: refuse rather than guess
    by_phone = [u for u in candidates if phone and u.phone == phone]
    return by_phone[0] if by_phone else None


class EmailOrPhoneBackend(ModelBackend):
    """ModelBackend (permissions, is_active) that also accepts an email or a phone number."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Run the default password hasher once to reduce the timing difference
            # between an existing and a nonexistent user (as ModelBackend does).
            UserModel().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def normalize_identifier(identifier):
    """The form of a typed identifier under which failed logins are counted: a phone number
    as +62…, anything else stripped and lower-cased."""
    identifier = (identifier or "").strip()
    return phone_or_none(identifier) or identifier.lower()


def axes_username(request, credentials=None):
    """The name django-axes records for a login attempt (setting AXES_USERNAME_CALLABLE).

    The account's own username when the identifier names one, so that "0812…", "+62812…"
    and the account's email all count against the same account (and the admin's unlock
    finds the attempts by username); else the normalized identifier. Looked up once per
    request: axes asks several times.
    """
    field = UserModel.USERNAME_FIELD
    typed = (credentials or {}).get(field)
    if typed is None and request is not None:
        typed = getattr(request, "data", request.POST).get(field)
    if not typed:
        return typed
    cache = getattr(request, "_axes_usernames", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._axes_usernames = cache
    if typed not in cache:
        user = find_user(typed)
        cache[typed] = getattr(user, field) if user is not None else normalize_identifier(typed)
    return cache[typed]
