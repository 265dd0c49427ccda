"""/desa/: a page for each desa and kelurahan, and the staff list of sentra IKM."""

from django.urls import path, re_path

from . import views

app_name = "desa"

urlpatterns = [
    path("", views.desa_index, name="index"),
    path("sentra/", views.sentra_list, name="sentra"),
    re_path(r"^(?P<code>35\.\d{2}\.\d{2}\.\d{4})/$", views.desa_detail, name="detail"),
]
