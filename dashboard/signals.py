"""Keeps the dashboard's summary in step with single saves and deletes of the records it
sums (bulk writes send registry.signals.businesses_changed instead). Connected in apps.py."""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.signals import post_delete, post_migrate, post_save

from registry.models import Assistance, Business, Certification, MarketArea, Need, Product, ProductionReport
from registry.signals import businesses_changed, note_change
from reporting.models import PeriodRawMaterial, PeriodReport

from . import summary
from .models import SummaryState

# Model -> how to reach its business id from an instance.
TRACKED = {
    Business: lambda obj: obj.pk,
    Product: lambda obj: obj.business_id,
    ProductionReport: lambda obj: (
        Product.objects.filter(pk=obj.product_id).values_list("business_id", flat=True).first()
    ),
    MarketArea: lambda obj: Product.objects.filter(pk=obj.product_id).values_list("business_id", flat=True).first(),
    Certification: lambda obj: Product.objects.filter(pk=obj.product_id).values_list("business_id", flat=True).first(),
    Need: lambda obj: obj.business_id,
    Assistance: lambda obj: obj.business_id,
    PeriodReport: lambda obj: obj.business_id,
    PeriodRawMaterial: lambda obj: (
        PeriodReport.objects.filter(pk=obj.report_id).values_list("business_id", flat=True).first()
    ),
}


def _business_id(instance):
    """The business of a record, without a query when the relation is already loaded."""
    for relation in ("product", "report"):
        try:
            field = instance._meta.get_field(relation)
        except FieldDoesNotExist:
            continue
        if field.is_cached(instance):
            return getattr(instance, relation).business_id
    return TRACKED[type(instance)](instance)


def _changed(instance):
    business_id = _business_id(instance)
    if not note_change(business_id):
        summary.refresh_for_businesses([business_id])


def on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _changed(instance)


def on_delete(sender, instance, **kwargs):
    _changed(instance)


def connect():
    for model in TRACKED:
        post_save.connect(on_save, sender=model, dispatch_uid=f"dashboard_summary_save_{model.__name__}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"dashboard_summary_delete_{model.__name__}")
    businesses_changed.connect(summary.on_businesses_changed, dispatch_uid="dashboard_summary_bulk")
    post_delete.connect(summary.forget_built, sender=SummaryState, dispatch_uid="dashboard_summary_state")
    post_migrate.connect(summary.forget_built, dispatch_uid="dashboard_summary_flush")
