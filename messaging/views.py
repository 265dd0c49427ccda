"""Pages of the two-way talk (/pesan/).

Writers (owners, officers): their own threads only; another person's thread is a 404.
Staff holding `messaging.answer_thread`: the queue (/pesan/dinas/) and every thread; other
signed-in users get 403 there, visitors the login page.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import AssignForm, QueueFilterForm, ReplyForm, ThreadForm
from .models import Thread

PAGE_SIZE = 20


def _apply_errors(form, error):
    """A service's ValidationError next to its field (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Writers -----------------------------------------------------------------------------


def writer_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_staff:
            # Staff answer from the queue; they do not write threads of their own.
            if services.may_answer(request.user):
                return redirect("messaging:staff_queue")
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@writer_view
@require_http_methods(["GET"])
def thread_list(request):
    threads = Thread.objects.filter(writer=request.user).select_related("business")
    page = Paginator(threads.order_by("-last_message_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "messaging/thread_list.html", {"page": page})


@writer_view
@require_http_methods(["GET", "POST"])
def thread_create(request):
    form = ThreadForm(request.POST or None, writer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.thread_start(
                writer=request.user, kind=data["kind"], subject=data["subject"], body=data["body"], **form.target()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Pesan Anda terkirim ke Dinas. Jawaban akan muncul di sini dan di Pemberitahuan.")
            )
            return redirect(thread)
    return render(request, "messaging/thread_form.html", {"form": form})


@writer_view
@require_http_methods(["GET", "POST"])
def thread_detail(request, pk):
    thread = get_object_or_404(Thread.objects.filter(writer=request.user).select_related("business"), pk=pk)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_reply(thread=thread, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Balasan terkirim."))
            return redirect(thread)
    return render(
        request,
        "messaging/thread_detail.html",
        {"thread": thread, "thread_messages": list(thread.messages.all()), "form": form},
    )


# --- Staff -------------------------------------------------------------------------------


def staff_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not services.may_answer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_view
@require_http_methods(["GET"])
def staff_queue(request):
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    threads = Thread.objects.select_related("writer", "business", "kecamatan", "assigned_to")
    status = data.get("status") or "terbuka"
    if status == "terbuka":
        threads = threads.open()
    elif status == "menunggu":
        threads = threads.open().filter(awaiting_answer=True)
    elif status == "ditutup":
        threads = threads.filter(status=Thread.Status.CLOSED)
    if data.get("kind"):
        threads = threads.filter(kind=data["kind"])
    if data.get("mine"):
        threads = threads.filter(assigned_to=request.user)
    # Waiting for an answer first, the longest waiting on top; then the rest, newest first.
    threads = threads.order_by("-awaiting_answer", "last_message_at", "pk") if status != "ditutup" else threads
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "messaging/staff_queue.html", {"page": page, "form": form, "query": query.urlencode()})


@staff_view
@require_http_methods(["GET", "POST"])
def staff_thread(request, pk):
    thread = get_object_or_404(
        Thread.objects.select_related("writer", "business__desa__kecamatan", "kecamatan", "assigned_to"),
        pk=pk,
    )
    form = ReplyForm(request.POST or None)
    form.fields["body"].label = _("Jawaban Dinas")
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_reply(thread=thread, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Jawaban terkirim; penulis mendapat pemberitahuan."))
            return redirect(thread.get_staff_url())
    context = {
        "thread": thread,
        "thread_messages": list(thread.messages.select_related("author")),
        "form": form,
        "assign_form": AssignForm(initial={"assigned_to": thread.assigned_to_id}),
    }
    return render(request, "messaging/staff_thread.html", context)


@staff_view
@require_POST
def staff_assign(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.thread_assign(thread=thread, assignee=form.cleaned_data["assigned_to"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Penanganan percakapan diperbarui."))
    else:
        messages.error(request, _("Pilih staf Dinas yang dapat menjawab pesan."))
    return redirect(thread.get_staff_url())


@staff_view
@require_POST
def staff_close(request, pk):
    thread = get_object_or_404(Thread, pk=pk)
    if request.POST.get("action") == "reopen":
        services.thread_reopen(thread=thread, by=request.user)
        messages.success(request, _("Percakapan dibuka kembali."))
    else:
        services.thread_close(thread=thread, by=request.user)
        messages.success(request, _("Percakapan ditutup."))
    return redirect(thread.get_staff_url())
