"""Who may do what in the aid pages.

- Staff (registry.change_business, or aid.change_application through the Staf Dinas role)
  run programmes: review, select, reject, hand over, monitor, training attendance.
- Association officers may send announcements to their own members; anything that decides
  who gets aid answers 403 for them.
- Owners reach their own applications only; another owner's id answers 404.
- Uploaded files (ID cards, signed receipts, monitoring photos) are personal data: the
  applicant business's owner, and aid staff who may see personal data. Pimpinan and staff
  without that permission get 403; anybody else 404.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Application


def is_aid_staff(user):
    return user.is_authenticated and (
        user.has_perm("registry.change_business") or user.has_perm("aid.change_application")
    )


def officer_association(user):
    """The association a user currently serves as officer of, or None."""
    from organizations.models import Officer

    if not user.is_authenticated:
        return None
    today = timezone.localdate()
    officer = (
        Officer.objects.filter(user=user, term_start__lte=today)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("association")
        .order_by("pk")
        .first()
    )
    return officer.association if officer else None


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_aid_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def announcer_required(view):
    """Staff, or an officer of an association (who then reaches only its members)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.aid_association = None
        if not is_aid_staff(request.user):
            request.aid_association = officer_association(request.user)
            if request.aid_association is None:
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_owned_application(user, pk):
    return get_object_or_404(Application.objects.owned_by(user).select_related("programme", "business"), pk=pk)


def can_open_aid_files(user):
    """Staff side of the file rule (the owner of the business is the other side)."""
    return is_aid_staff(user) and user.has_perm("registry.view_personal_data")


def get_aid_file_holder(user, model, pk):
    """The row holding an aid file, if `user` may open it; 404 or 403 otherwise."""
    holder = get_object_or_404(model.objects.select_related("application__business"), pk=pk)
    if holder.application.business.owner_id == user.pk or can_open_aid_files(user):
        return holder
    if is_aid_staff(user) or user.has_perm("aid.view_application"):
        raise PermissionDenied
    raise Http404
