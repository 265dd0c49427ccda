"""A select box written with format_html, for filter forms shown on every request.

Django renders a Select through its form templates: a template for the box and an
included option template (with an included attributes template) per option. The review
queue's filter form, six boxes of 45 options, took 3-4 ms of the page that way. QuickSelect
writes the same markup (tests/test_list_speedups.py compares it with Django's).
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs):
    # django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    # select_option.html ends with a line break, which its include keeps
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is built by format_html
