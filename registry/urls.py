"""Owner area (/usaha/): an owner keeps their own businesses' profiles."""

from django.urls import path

from . import product_views, views

app_name = "owner"

urlpatterns = [
    path("", views.business_list, name="business_list"),
    path("baru/", views.business_create, name="business_create"),
    path("<int:pk>/", views.business_overview, name="business_overview"),
    path("<int:pk>/identitas/", views.identity_edit, name="identity"),
    path("<int:pk>/lokasi/", views.location_edit, name="location"),
    path("<int:pk>/tenaga-kerja/", views.workers_edit, name="workers"),
    path("<int:pk>/kebutuhan/", views.needs_edit, name="needs"),
    path("<int:pk>/bantuan/", views.assistance_edit, name="assistance"),
    path("<int:pk>/publikasi/", views.publication_edit, name="publication"),
    path("<int:pk>/kirim/", views.business_submit, name="submit"),
    path("<int:pk>/produk/", product_views.product_list, name="product_list"),
    path("<int:pk>/produk/baru/", product_views.product_create, name="product_create"),
    path("<int:pk>/produk/<int:product_pk>/", product_views.product_edit, name="product_edit"),
    path("<int:pk>/produk/<int:product_pk>/hapus/", product_views.product_delete, name="product_delete"),
    path("<int:pk>/produk/<int:product_pk>/foto/", product_views.product_photos, name="product_photos"),
    path(
        "<int:pk>/produk/<int:product_pk>/sertifikasi/",
        product_views.product_certifications,
        name="product_certifications",
    ),
    path("<int:pk>/produk/<int:product_pk>/pemasaran/", product_views.product_markets, name="product_markets"),
    path("<int:pk>/produk/<int:product_pk>/produksi/", product_views.product_reports, name="product_reports"),
]
