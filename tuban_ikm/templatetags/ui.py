"""Template helpers that keep pages free of inline style attributes (the CSP refuses them)."""

from django import template

register = template.Library()


@register.filter
def width_class(value):
    """A percentage as the CSS class that sets that width: 42 -> "w-pct-42" (static/css/app.css).

    Progress bars used an inline width style; the Content-Security-Policy blocks inline styles,
    so each whole percent 0-100 has a class. Values are rounded and clamped; junk gives 0.
    """
    try:
        percent = round(float(value))
    except (TypeError, ValueError):
        percent = 0
    return f"w-pct-{min(100, max(0, percent))}"
