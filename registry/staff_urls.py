"""Dinas staff pages (/dinas/): review queue, duplicates, data quality."""

from django.urls import path

from organizations import import_views

from . import staff_views

app_name = "dinas"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("verifikasi/", staff_views.verify_selected, name="verify_selected"),
    path("usaha/", staff_views.business_list, name="business_list"),
    path("usaha/<int:pk>/", staff_views.review_detail, name="review_detail"),
    path("laporan/<int:pk>/", staff_views.report_action, name="report_action"),
    path("duplikat/", staff_views.duplicates, name="duplicates"),
    path("duplikat/gabung/<int:keep>/<int:remove>/", staff_views.merge, name="merge"),
    path("kualitas-data/", staff_views.data_quality, name="data_quality"),
    # The same import as the association's officers, with Dinas's scope (see import_views).
    path("impor/", import_views.import_upload, {"kind": import_views.DINAS}, name="import_upload"),
    path("impor/konfirmasi/", import_views.import_confirm, {"kind": import_views.DINAS}, name="import_confirm"),
    path("impor/templat/", import_views.import_template, {"kind": import_views.DINAS}, name="import_template"),
]
