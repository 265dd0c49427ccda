"""Test-only URLs: views that fail in the ways a database outage or a bug makes them fail."""

from django.db import InterfaceError, OperationalError
from django.urls import include, path


def broken(request):
    raise ValueError("a bug")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


def connection_lost(request):
    raise InterfaceError("connection already closed")


handler500 = "tuban_ikm.views.server_error"

urlpatterns = [
    path("test/broken", broken),
    path("test/database-gone", database_gone),
    path("test/connection-lost", connection_lost),
    path("", include("tuban_ikm.urls")),
]
