"""The profile-section navigation of the owner area (templates/registry/_business_sections.html)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join

from registry import hooks, selectors
from registry.models import Business

register = template.Library()


@register.simple_tag(takes_context=True)
def profile_sections(context, business, completeness=None):
    """Sections of `business` with a done/missing mark. Pages that already computed the
    completeness pass it; otherwise it is computed here in a fixed number of queries, on a
    fresh copy so the caller's object and its caches stay untouched. The answer is kept on
    the request: the phone menu at the top and the sidebar show the same sections and cost
    the queries once."""
    request = context.get("request")
    cache = getattr(request, "_profile_sections", None) if request is not None else None
    if cache is not None and business.pk in cache:
        return cache[business.pk]
    if not completeness:
        fresh = Business.objects.prefetch_related(
            "products__photos", "products__market_areas", "products__production_reports"
        ).get(pk=business.pk)
        completeness = fresh.completeness()
    sections = selectors.profile_sections(business, completeness)
    match = getattr(context.get("request"), "resolver_match", None)
    url_name = match.url_name if match else ""
    for section in sections:
        section.active = url_name == section.url_name or (section.key == "products" and url_name.startswith("product"))
    if request is not None:
        if cache is None:
            cache = request._profile_sections = {}
        cache[business.pk] = sections
    return sections


@register.simple_tag
def owner_notices(user, business=None):
    """What the rooms built on the registry show at the top of the owner's pages (registry.hooks)."""
    if not user.is_authenticated:
        return ""
    return format_html_join(
        "", "{}", ((render_to_string(name, context(user, business)),) for name, context in hooks.OWNER_NOTICES)
    )
