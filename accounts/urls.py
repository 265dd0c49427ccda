"""Accounts (/akun/): sign-up, log-in with email or phone, password reset, claiming a
business through an invitation, and the owner's personal-data rights (UU 27/2022)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
]
