from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("<int:pk>/", views.period_detail, name="period_detail"),
    path("<int:pk>/tutup/", views.period_close, name="period_close"),
    path("laporan/<int:pk>/", views.report_review, name="report_review"),
    path("usaha/<int:business_pk>/", views.report_edit, name="report_edit"),
    path("asosiasi/", views.officer_missing, name="officer_missing"),
]
