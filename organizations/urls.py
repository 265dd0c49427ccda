"""Officers' side (/asosiasi/): members, applications and the spreadsheet import."""

from django.urls import path

from . import drive_views, import_views, views

app_name = "organizations"

urlpatterns = [
    path("anggota/", views.member_list, name="member_list"),
    path("anggota/<int:pk>/setujui/", views.member_approve, name="member_approve"),
    path("anggota/<int:pk>/tolak/", views.member_reject, name="member_reject"),
    path("anggota/<int:pk>/nonaktifkan/", views.member_deactivate, name="member_deactivate"),
    path("anggota/<int:pk>/", views.member_detail, name="member_detail"),
    path("anggota/<int:pk>/aktifkan/", views.member_reactivate, name="member_reactivate"),
    path("anggota/<int:pk>/undangan/", views.member_invite, name="member_invite"),
    path("gabung/<int:business_pk>/", views.join, name="join"),
    path("keluar/<int:pk>/", views.leave, name="leave"),
    path("impor/", import_views.import_upload, name="import_upload"),
    path("impor/konfirmasi/", import_views.import_confirm, name="import_confirm"),
    path("impor/templat/", import_views.import_template, name="import_template"),
    path("pendataan/", drive_views.drive_list, name="drive_list"),
    path("pendataan/mulai/", drive_views.drive_start, name="drive_start"),
    path("pendataan/<int:pk>/", drive_views.drive_detail, name="drive_detail"),
    path("pendataan/<int:pk>/ingatkan/", drive_views.drive_remind, name="drive_remind"),
    path("pendataan/<int:pk>/tutup/", drive_views.drive_close, name="drive_close"),
]
