from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.thread_list, name="thread_list"),
    path("baru/", views.thread_create, name="thread_create"),
    path("<int:pk>/", views.thread_detail, name="thread_detail"),
    path("dinas/", views.staff_queue, name="staff_queue"),
    path("dinas/<int:pk>/", views.staff_thread, name="staff_thread"),
    path("dinas/<int:pk>/tangani/", views.staff_assign, name="staff_assign"),
    path("dinas/<int:pk>/status/", views.staff_close, name="staff_close"),
]
