"""Aid pages under /bantuan/."""

from django.urls import path

from . import views

app_name = "aid"

urlpatterns = [
    # Owners
    path("usaha/<int:business_pk>/", views.owner_programmes, name="owner_programmes"),
    path("usaha/<int:business_pk>/ringkasan/", views.owner_summary, name="owner_summary"),
    path("usaha/<int:business_pk>/program/<int:programme_pk>/daftar/", views.owner_apply, name="owner_apply"),
    path("pengajuan/<int:pk>/", views.owner_application, name="owner_application"),
    path("pengumuman/", views.announcement_inbox, name="inbox"),
    path("pengumuman/preferensi/", views.preferences, name="preferences"),
    path("berkas/<str:kind>/<int:pk>/", views.application_file, name="file"),
    # Staff
    path("dinas/", views.programme_list, name="programme_list"),
    path("dinas/program/baru/", views.programme_form, name="programme_create"),
    path("dinas/program/<int:pk>/", views.programme_review, name="programme_review"),
    path("dinas/program/<int:pk>/ubah/", views.programme_form, name="programme_edit"),
    path("dinas/program/<int:programme_pk>/pelatihan/baru/", views.training_event_create, name="training_create"),
    path("dinas/pengajuan/<int:pk>/", views.application_detail, name="application_detail"),
    path("dinas/pengajuan/<int:pk>/pilih/", views.application_select, name="application_select"),
    path("dinas/pengajuan/<int:pk>/tolak/", views.application_reject, name="application_reject"),
    path("dinas/pengajuan/<int:pk>/serah-terima/", views.handover_form, name="handover"),
    path("dinas/pengajuan/<int:pk>/monitoring/", views.monitoring_form, name="monitoring"),
    path("dinas/pelatihan/<int:pk>/", views.training_attendance, name="training_attendance"),
    path("dinas/pelatihan/<int:pk>/daftar-hadir.xlsx", views.training_attendance_export, name="training_export"),
    # Staff and association officers
    path("kirim-pengumuman/", views.announcement_list, name="announcement_list"),
    path("kirim-pengumuman/baru/", views.announcement_create, name="announcement_create"),
]
