"""Labels for the size classes: generated columns carry their choices on the output field,
so Django gives them no get_FOO_display()."""

from django import template

from registry.classification import IndustryClass, UmkmClass

register = template.Library()


@register.filter
def industry_class_label(value):
    return IndustryClass(value).label if value in IndustryClass.values else "–"


@register.filter
def umkm_class_label(value):
    return UmkmClass(value).label if value in UmkmClass.values else "–"
