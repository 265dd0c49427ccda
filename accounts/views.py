import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from tuban_ikm.redirects import safe_next
from tuban_ikm.site import absolute_url

from . import personal_data, services
from .forms import DataRequestForm, LoginForm, QueuedPasswordResetForm, SignupForm

logger = logging.getLogger(__name__)

# HTTP status of a claim page that cannot be used, by the reason's code.
CLAIM_REFUSAL_STATUS = {"unknown": 404, "used": 410, "expired": 410, "owned": 409, "creator": 403, "officer": 403}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        # Staff sessions always end with the browser (accounts/security.py); an owner who
        # unticks "Tetap masuk" gets the same.
        if not form.cleaned_data.get("remember"):
            self.request.session.set_expiry(0)
        return response


SIGNUP_IDENTIFIER = "signup_identifier"  # session key: prefills the log-in form after sign-up


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    """New owner: account in group "Pelaku IKM", then the same "sign in now" page whether
    or not the email or phone was already registered (no account enumeration)."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "start")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_signup(
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                site_url=absolute_url("/", request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[SIGNUP_IDENTIFIER] = data["email"] or data["phone"]
            done = reverse("accounts:signup_done")
            return redirect(f"{done}?{urlencode({'next': next_url})}" if next_url else done)
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@never_cache
def signup_done(request):
    """After sign-up: sign in with the password just chosen, on to the new-business page."""
    if request.user.is_authenticated:
        return redirect("owner:business_list")
    form = LoginForm(request, initial={"username": request.session.pop(SIGNUP_IDENTIFIER, "")})
    form.fields["username"].widget.attrs.pop("autofocus", None)
    form.fields["password"].widget.attrs["autofocus"] = True  # the identifier is filled in
    next_url = safe_next(request) or reverse("owner:business_create")
    return render(request, "accounts/signup_done.html", {"form": form, "next": next_url})


def privacy(request):
    return render(request, "accounts/privacy.html")


@never_cache
@require_http_methods(["GET", "POST"])
def claim(request, token):
    """Claim a business through an invitation link: log in or sign up first, then confirm."""
    invitation = services.invitation_for_token(token)
    user = request.user if request.user.is_authenticated else None
    try:
        services.invitation_check(invitation, user=user)
    except ValidationError as error:
        return render(
            request,
            "accounts/claim_refused.html",
            {"message": error.messages[0], "invitation": invitation},
            status=CLAIM_REFUSAL_STATUS.get(error.code, 410),
        )
    if user is None:
        if request.method == "POST":
            return redirect_to_login(request.path)
        return render(request, "accounts/claim.html", {"invitation": invitation, "business": invitation.business})
    if request.method == "POST":
        try:
            invitation = services.invitation_claim(raw_token=token, user=user, site_url=absolute_url("/", request))
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(request.path)
        messages.success(
            request, _("Usaha %(business)s sekarang terhubung dengan akun Anda.") % {"business": invitation.business}
        )
        return redirect("owner:business_overview", pk=invitation.business_id)
    return render(request, "accounts/claim.html", {"invitation": invitation, "business": invitation.business})


@never_cache
@login_required
def my_data(request):
    """Everything held about the user (UU 27/2022), on screen or as a JSON/Excel download."""
    export_format = request.GET.get("format")
    if export_format in ("json", "xlsx"):
        logger.info("User %s downloaded their personal data as %s", request.user.pk, export_format)
        filename = f"data-saya-{timezone.localdate():%Y%m%d}.{export_format}"
        if export_format == "json":
            response = JsonResponse(
                personal_data.as_json(request.user),
                encoder=personal_data.JSONEncoder,
                json_dumps_params={"ensure_ascii": False, "indent": 2},
            )
        else:
            response = HttpResponse(personal_data.as_xlsx(request.user), content_type=personal_data.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context = {
        "account": personal_data.shown_items(personal_data.account_items(request.user)),
        "businesses": personal_data.business_tree(request.user),
        "data_requests": request.user.data_requests.select_related("business"),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def data_request(request):
    """Ask Dinas to delete or correct personal data; the request reaches Dinas staff by email."""
    form = DataRequestForm(request.POST or None, user=request.user, initial={"business": request.GET.get("usaha")})
    if request.method == "POST" and form.is_valid():
        try:
            services.data_request_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                business=form.cleaned_data["business"],
                message=form.cleaned_data["message"],
                site_url=absolute_url("/", request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Permintaan Anda sudah kami terima dan diteruskan ke Dinas. Statusnya tampil di halaman ini."),
            )
            return redirect("accounts:my_data")
    return render(request, "accounts/data_request.html", {"form": form})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- Inbox: every on-site notice (accounts.Notification) --------------------------------

INBOX_PAGE_SIZE = 20


@login_required
@require_http_methods(["GET"])
def inbox(request):
    """Every notice this user received, newest first, unread ones marked; each one opens
    through `inbox_open` (marks it read) and can be shared to WhatsApp."""
    from django.core.paginator import Paginator

    from tuban_ikm.site import whatsapp_share_url

    from .models import Notification

    notices = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk")
    page = Paginator(notices, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(notice, whatsapp_share_url(notice.message, notice.url, request)) for notice in page]
    return render(request, "accounts/inbox.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def inbox_open(request, pk):
    """Open one notice: mark it read and go where it points (only within this site).
    Another user's notice is a 404."""
    from django.shortcuts import get_object_or_404

    from .models import Notification

    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    from urllib.parse import urlsplit

    from django.utils.http import url_has_allowed_host_and_scheme

    from tuban_ikm.site import site_url

    # Links are stored absolute, with SITE_URL (they are emailed and shared too).
    allowed_hosts = {request.get_host(), urlsplit(site_url()).netloc} - {""}
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=allowed_hosts):
        return redirect(notice.url)
    return redirect(reverse("accounts:inbox") + "#pemberitahuan-" + str(notice.pk))


@login_required
@require_http_methods(["POST"])
def inbox_mark_all_read(request):
    from .models import Notification

    count = Notification.objects.filter(recipient=request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("Semua pemberitahuan ditandai sudah dibaca."))
    return redirect("accounts:inbox")
