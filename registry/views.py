"""PLACEHOLDER: being written now; every function below is replaced."""

from django.http import Http404


def business_list(request, *args, **kwargs):
    raise Http404


def business_create(request, *args, **kwargs):
    raise Http404


def business_overview(request, *args, **kwargs):
    raise Http404


def identity_edit(request, *args, **kwargs):
    raise Http404


def location_edit(request, *args, **kwargs):
    raise Http404


def workers_edit(request, *args, **kwargs):
    raise Http404


def needs_edit(request, *args, **kwargs):
    raise Http404


def assistance_edit(request, *args, **kwargs):
    raise Http404


def publication_edit(request, *args, **kwargs):
    raise Http404


def business_submit(request, *args, **kwargs):
    raise Http404

