"""Dinas's contact details for the footer: read at most once per request, and only when a
template asks (the error pages render without the database and never ask)."""

from django.utils.functional import SimpleLazyObject


def dinas_contact(request):
    from .models import DinasContact

    return {"dinas_contact": SimpleLazyObject(DinasContact.current)}
