"""Messages that are rendered at the edge: a Vietnamese template (the msgid) and its parameters.

A warning's reason is built where the rule is (``domain.checks``, ``planning.selectors.warnings``)
as a :class:`Message`; the page, the mail, the API and the report render it in the reader's
language (``render(gettext, period_name)``), so the same warning reads in Vietnamese or English.
A Message is also the Vietnamese ``str`` it renders to, so logs, the CLI and older callers that
treat reasons as text keep working.

Parameters are plain values (numbers, dates and money already written the Vietnamese way),
periods (:class:`~theodoi.domain.periods.Period`, named at the edge), nested Messages, or lists
of Messages (joined with "; "). domain/ imports no Django: templates are marked with the local
``gettext_noop`` so ``makemessages`` finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from theodoi.domain.periods import Period, as_period


def gettext_noop(message: str) -> str:
    """Marks a template for ``makemessages``; translation happens in :meth:`Message.render`."""
    return message


def _vi_period(p: Period) -> str:
    return p.label(sentence=True)


class Message(str):
    """A template with %(name)s placeholders and its parameters; ``str(message)`` is Vietnamese."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        obj = super().__new__(cls, _render(template, params, lambda s: s, _vi_period))
        obj.template = template
        obj.params = params
        return obj

    def render(self, translate: Callable[[str], str] = lambda s: s,
               period_name: Callable[[Period], str] = _vi_period) -> str:
        """The message in the language of ``translate`` (``gettext`` at the edge)."""
        return _render(self.template, self.params, translate, period_name)

    def as_json(self) -> dict[str, Any]:
        """The code-and-parameters form the API returns next to the rendered text."""
        return {"template": self.template, "params": {k: _json(v) for k, v in self.params.items()}}


def _value(v: Any, translate: Callable[[str], str], period_name: Callable[[Period], str]) -> Any:
    if isinstance(v, Message):
        return v.render(translate, period_name)
    if isinstance(v, Period):
        return period_name(v)
    if isinstance(v, list | tuple):
        return "; ".join(str(_value(x, translate, period_name)) for x in v)
    return v


def _render(template: str, params: Mapping[str, Any], translate: Callable[[str], str],
            period_name: Callable[[Period], str]) -> str:
    text = translate(template)
    if not params:
        return text
    return text % {k: _value(v, translate, period_name) for k, v in params.items()}


def _json(v: Any) -> Any:
    if isinstance(v, Message):
        return v.as_json()
    if isinstance(v, Period):
        return v.key
    if isinstance(v, list | tuple):
        return [_json(x) for x in v]
    return v if isinstance(v, int | float | str | bool) or v is None else str(v)


def to_store(v: Any) -> Any:
    """A Message (or any parameter) as JSON that :func:`from_store` turns back into the same value,
    periods and nested Messages included (stored warnings keep their reasons this way)."""
    if isinstance(v, Message):
        return {"$m": v.template, "p": {k: to_store(x) for k, x in v.params.items()}}
    if isinstance(v, Period):
        return {"$period": v.key}
    if isinstance(v, list | tuple):
        return [to_store(x) for x in v]
    return v if isinstance(v, int | float | str | bool) or v is None else str(v)


def from_store(v: Any) -> Any:
    """The value :func:`to_store` wrote."""
    if isinstance(v, dict):
        if "$m" in v:
            return Message(v["$m"], **{k: from_store(x) for k, x in v.get("p", {}).items()})
        if "$period" in v:
            return as_period(v["$period"])
    if isinstance(v, list):
        return [from_store(x) for x in v]
    return v
