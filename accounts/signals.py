"""Signals of the accounts app, for the apps above it (layers: a lower app never imports a
higher one; the higher one listens)."""

from django.dispatch import Signal

# Sent inside the anonymisation's transaction (accounts/anonymisation.py) with `user` (the
# account being erased, or None) and `businesses` (a QuerySet of their businesses): apps that
# hold texts the person wrote erase them here.
personal_data_erased = Signal()
