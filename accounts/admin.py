from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Data pribadi"), {"fields": ("first_name", "last_name", "email", "phone")}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    list_display = ("username", "first_name", "email", "phone", "is_staff", "is_active")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
