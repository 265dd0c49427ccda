"""Accounts (/akun/): sign-up, log-in with email or phone, password reset, claiming a
business through an invitation, and the owner's personal-data rights (UU 27/2022)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import otp_views, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup, name="signup"),
    path("daftar/selesai/", views.signup_done, name="signup_done"),
    path("2fa/atur/", otp_views.otp_setup, name="otp_setup"),
    path("2fa/verifikasi/", otp_views.otp_verify, name="otp_verify"),
    path("privasi/", views.privacy, name="privacy"),
    path("sandi/lupa/", views.password_reset, name="password_reset"),
    path("sandi/lupa/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("sandi/atur/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
    path("klaim/<str:token>/", views.claim, name="claim"),
    path("data-saya/", views.my_data, name="my_data"),
    path("permintaan-data/", views.data_request, name="data_request"),
    path("pemberitahuan/", views.inbox, name="inbox"),
    path("pemberitahuan/<int:pk>/", views.inbox_open, name="inbox_open"),
    path("pemberitahuan/baca-semua/", views.inbox_mark_all_read, name="inbox_mark_all_read"),
]
