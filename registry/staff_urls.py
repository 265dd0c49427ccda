"""Dinas staff pages (/dinas/): review queue, duplicates, data quality. The import pages of
the same namespace are the association's (organizations/dinas_urls.py, added in tuban_ikm/urls.py)."""

from django.urls import path

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
]
