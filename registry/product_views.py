"""PLACEHOLDER: being written now; every function below is replaced."""

from django.http import Http404


def product_list(request, *args, **kwargs):
    raise Http404


def product_create(request, *args, **kwargs):
    raise Http404


def product_edit(request, *args, **kwargs):
    raise Http404


def product_delete(request, *args, **kwargs):
    raise Http404


def product_photos(request, *args, **kwargs):
    raise Http404


def product_certifications(request, *args, **kwargs):
    raise Http404


def product_markets(request, *args, **kwargs):
    raise Http404


def product_reports(request, *args, **kwargs):
    raise Http404

