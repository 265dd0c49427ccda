"""/permintaan/: the demand board."""

from django.urls import path

from . import views

app_name = "demand"

urlpatterns = [
    path("", views.demand_list, name="list"),
    path("baru/", views.demand_create, name="create"),
    path("ringkasan/", views.demand_summary, name="summary"),
    path("<int:pk>/", views.demand_detail, name="detail"),
    path("<int:pk>/tutup/", views.demand_close, name="close"),
    path("<int:pk>/penawaran/<int:offer_pk>/ambil/", views.offer_taken, name="offer_taken"),
]
