"""The cells of one row of a generic list table (web/_table.html), rendered in Python.

A list page has rows × columns cells (150 rows × 11 columns on the task list); the template
language spent about a tenth of the page's time choosing how to show each one. The output is
what the template wrote: every value escaped, numbers and dates in the Vietnamese format,
``data-label`` for the phone's card layout and ``is-empty`` on cells with nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from theodoi.web.templatetags.vn import (
    EMPTY,
    get_item,
    goal,
    period_label,
    vndate,
    vnmoney,
    vnnum,
    vnpercent,
)
from theodoi.web.templatetags.vn import uom as unit_of_measure

register = template.Library()

_FORMATS: dict[str, Callable[[Any], str]] = {
    "num": vnnum, "percent": vnpercent, "money": vnmoney, "date": vndate, "period": period_label,
    "uom": unit_of_measure,  # a target's unit as read ("index" is none)
}
_NUMERIC = {"num", "percent", "money", "goal"}


def _cell(row: Any, column: Any, context: template.Context) -> str:
    kind = column.kind or "text"
    value = get_item(row, column.key)
    css = f"c-{kind}"
    if kind in _NUMERIC:
        css += " num"
    if value is None or value == "":
        css += " is-empty"
    if kind == "link":
        inner = (f'<a href="{conditional_escape(get_item(row, "_url"))}">'
                 f"{render_value_in_context(value or EMPTY, context)}</a>")
        action = get_item(row, "_action_url")
        if action:  # a row's own action (the leader's "pause / stop" on a stalled task's warning)
            inner += (f' <a class="btn btn-small btn-secondary" href="{conditional_escape(action)}">'
                      f'{conditional_escape(get_item(row, "_action_label"))}</a>')
    elif kind == "status":
        inner = (f'<span class="badge badge-{conditional_escape(get_item(row, "tone"))}">'
                 f"{render_value_in_context(value, context)}</span>")
    elif kind == "goal":  # a target's goal as written: "≥ 0,623", "1–2" (the unit has its own column)
        inner = conditional_escape(goal(row, False))
    elif kind in _FORMATS:
        inner = conditional_escape(_FORMATS[kind](value))
    else:
        inner = render_value_in_context(value or "", context)  # as {{ v|default:"" }}: localized, escaped
    return f'<td data-label="{conditional_escape(column.label)}" class="{css}">{inner}</td>'


@register.simple_tag(takes_context=True)
def row_cells(context: template.Context, row: Any, columns: Sequence[Any]) -> SafeString:
    """``{% row_cells row listing.columns %}`` → the row's ``<td>`` cells."""
    return mark_safe("".join(_cell(row, c, context) for c in columns))  # every part escaped in _cell
