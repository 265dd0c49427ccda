from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("laporan/", views.report_print, name="report_print"),
    path("usaha/", views.business_list, name="business_list"),
    path("usaha/<int:pk>/cetak/", views.business_print, name="business_print"),
    path("peta/", views.map_view, name="map"),
    path("peta/data.geojson", views.map_data, name="map_data"),
    path("ekspor/opendata-metadata.csv", views.opendata_metadata, name="opendata_metadata"),
    path("ekspor/<slug:dataset>.<slug:file_format>", views.export, name="export"),
]
