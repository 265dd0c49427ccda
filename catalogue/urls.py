"""/katalog/: the public catalogue and the staff e-katalog pages."""

from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("produk/<int:pk>/", views.product_detail, name="product"),
    path("produk/<int:pk>/nilai/", views.product_assess, name="product_assess"),
    path("produk/<int:pk>/qr.<str:kind>", views.product_qr, name="product_qr"),
    path("penilaian-ovop/", views.assessment_list, name="assessments"),
    path("ekatalog/", views.ekatalog_list, name="ekatalog"),
    path("ekatalog/unduh/", views.ekatalog_export, name="ekatalog_export"),
    path("ekatalog/<int:product_pk>/usulan/", views.ekatalog_proposal, name="ekatalog_proposal"),
]
