"""The association's import pages with Dinas's scope, under /dinas/ (namespace "dinas"):
the project's urls.py adds them to the registry's staff pages, which never import the
association (README "Layers")."""

from django.urls import path

from . import import_views

urlpatterns = [
    # The same import as the association's officers, with Dinas's scope (see import_views).
    path("impor/", import_views.import_upload, {"kind": import_views.DINAS}, name="import_upload"),
    path("impor/konfirmasi/", import_views.import_confirm, {"kind": import_views.DINAS}, name="import_confirm"),
    path("impor/templat/", import_views.import_template, {"kind": import_views.DINAS}, name="import_template"),
]
