"""Server-rendered SVG charts, escaped and readable on a 360-pixel-wide phone.

Every function returns a ``SafeString`` holding one ``<svg>`` element. All text
(labels, titles, link targets) goes through :func:`django.utils.html.escape`, so
user-typed names can never inject markup. The SVGs use a ``viewBox`` and scale
to the width of their container; text sizes stay legible at 360 px.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal

# Colour-blind-safe palette with enough contrast on white (status colours first).
PALETTE = ("#1b6e3a", "#2f7fc1", "#c98a00", "#a61b1b", "#6b4fa0", "#5b6770", "#0f8a8a", "#b5487d")


@dataclass(frozen=True)
class Bar:
    """One bar or segment: a label, a value, an optional link and colour."""

    label: str
    value: Number
    url: str = ""
    color: str = ""
    note: str = ""  # text shown after the value, e.g. "12/20"


@dataclass(frozen=True)
class Point:
    """One point of a trend: its label (a period) and value (None = no figure)."""

    label: str
    value: Number | None


def _f(x: Number | None) -> float:
    return float(x) if x is not None else 0.0


def _num(x: float) -> str:
    """Coordinates with one decimal, dot separator (SVG syntax, not display)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _default_fmt(x: Number) -> str:
    from theodoi.web.templatetags.vn import vnnum

    return vnnum(x)


def _link(inner: str, url: str, count: Number | None = None) -> str:
    """``inner`` as a link; ``data-count`` carries the number shown, so a test can follow the
    link and check that the list behind it has exactly that many rows."""
    if not url:
        return inner
    data = f' data-count="{int(count)}"' if isinstance(count, int) else ""
    return f'<a href="{escape(url)}"{data}>{inner}</a>'


def _svg(width: int, height: int, title: str, body: str) -> SafeString:
    t = escape(title)
    return mark_safe(  # noqa: S308 - every piece of text above went through escape()
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{t}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{t}</title>{body}</svg>"
    )


def bar_chart(
    bars: Sequence[Bar], *, title: str, max_value: Number | None = None,
    fmt: Callable[[Number], str] | None = None, width: int = 340,
) -> SafeString:
    """Horizontal bars, label above each bar so long Vietnamese names fit a phone.

    ``max_value`` fixes the scale (e.g. 100 for percentages); by default the largest value.
    """
    fmt = fmt or _default_fmt
    row_h, bar_h, pad = 38, 14, 4
    top = max((_f(b.value) for b in bars), default=0.0)
    scale_max = _f(max_value) if max_value is not None else top
    scale_max = scale_max or 1.0
    value_w = 70
    track = width - value_w - pad
    parts = []
    for i, b in enumerate(bars):
        y = i * row_h
        w = max(0.0, min(1.0, _f(b.value) / scale_max)) * track
        color = b.color or PALETTE[1]
        label = escape(_clip(b.label, 52))
        value = escape(fmt(b.value) + (f" ({b.note})" if b.note else ""))
        inner = (
            f'<text x="0" y="{y + 13}" font-size="12.5" fill="#1b1f24">{label}</text>'
            f'<rect x="0" y="{y + 18}" width="{_num(track)}" height="{bar_h}" rx="3" fill="#e3e7ec"/>'
            f'<rect x="0" y="{y + 18}" width="{_num(w)}" height="{bar_h}" rx="3" fill="{escape(color)}"/>'
            f'<text x="{_num(track + pad + 2)}" y="{y + 30}" font-size="12" fill="#1b1f24">{value}</text>'
        )
        parts.append(_link(inner, b.url, b.value))
    height = max(row_h * len(bars), row_h)
    if not bars:
        parts.append('<text x="0" y="20" font-size="13" fill="#545d68">—</text>')
    return _svg(width, height, title, "".join(parts))


def stacked_bar(segments: Sequence[Bar], *, title: str, width: int = 340) -> SafeString:
    """One bar split by status (tasks by status), each segment a link, legend drawn below."""
    total = sum(_f(s.value) for s in segments) or 1.0
    x = 0.0
    parts = []
    for i, s in enumerate(segments):
        w = _f(s.value) / total * width
        if w <= 0:
            continue
        color = s.color or PALETTE[i % len(PALETTE)]
        rect = (
            f'<rect x="{_num(x)}" y="0" width="{_num(w)}" height="26" fill="{escape(color)}">'
            f"<title>{escape(s.label)}: {escape(_default_fmt(s.value))}</title></rect>"
        )
        parts.append(_link(rect, s.url, s.value))
        x += w
    legend_rows = []
    for i, s in enumerate(segments):
        y = 46 + i * 20
        color = s.color or PALETTE[i % len(PALETTE)]
        text = f"{escape(_clip(s.label, 40))}: {escape(_default_fmt(s.value))}"
        item = (
            f'<rect x="0" y="{y - 11}" width="12" height="12" rx="2" fill="{escape(color)}"/>'
            f'<text x="18" y="{y}" font-size="12.5" fill="#1b1f24">{text}</text>'
        )
        legend_rows.append(_link(item, s.url, s.value))
    height = 46 + 20 * len(segments)
    return _svg(width, height, title, "".join(parts) + "".join(legend_rows))


def donut(segments: Sequence[Bar], *, title: str, center: str = "", size: int = 160) -> SafeString:
    """A ring divided by share; ``center`` text (e.g. the total) in the middle."""
    total = sum(_f(s.value) for s in segments)
    r, cx, cy, stroke = size / 2 - 14, size / 2, size / 2, 24
    circumference = 2 * math.pi * r
    parts = [f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="none" stroke="#e3e7ec" '
             f'stroke-width="{stroke}"/>']
    offset = 0.0
    for i, s in enumerate(segments):
        share = _f(s.value) / total if total else 0.0
        if share <= 0:
            continue
        dash = share * circumference
        color = s.color or PALETTE[i % len(PALETTE)]
        arc = (
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="none" stroke="{escape(color)}" '
            f'stroke-width="{stroke}" stroke-dasharray="{_num(dash)} {_num(circumference - dash)}" '
            f'stroke-dashoffset="{_num(-offset)}" transform="rotate(-90 {_num(cx)} {_num(cy)})">'
            f"<title>{escape(s.label)}: {escape(_default_fmt(s.value))}</title></circle>"
        )
        parts.append(_link(arc, s.url, s.value))
        offset += dash
    if center:
        parts.append(
            f'<text x="{_num(cx)}" y="{_num(cy + 7)}" font-size="20" font-weight="700" '
            f'text-anchor="middle" fill="#1b1f24">{escape(center)}</text>'
        )
    return _svg(size, size, title, "".join(parts))


def line_chart(
    points: Sequence[Point], *, title: str, target: Number | None = None,
    fmt: Callable[[Number], str] | None = None, width: int = 340, height: int = 170,
) -> SafeString:
    """A trend of figures by period, with the target value as a dashed line."""
    fmt = fmt or _default_fmt
    left, right, top, bottom = 44, 10, 12, 28
    values = [_f(p.value) for p in points if p.value is not None]
    hi = max(values + ([_f(target)] if target is not None else []) + [0.0])
    lo = min(values + [0.0])
    xy, parts = _frame(len(points), lo, hi, fmt, width, height, (left, right, top, bottom))
    if target is not None:
        _, ty = xy(0, _f(target))
        parts.append(
            f'<line x1="{left}" y1="{_num(ty)}" x2="{width - right}" y2="{_num(ty)}" stroke="#a61b1b" '
            f'stroke-dasharray="5 4"><title>{escape(fmt(target))}</title></line>'
        )
    coords = [xy(i, _f(p.value)) for i, p in enumerate(points) if p.value is not None]
    if len(coords) > 1:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2f7fc1" stroke-width="2.5"/>')
    for i, p in enumerate(points):
        if p.value is not None:
            x, y = xy(i, _f(p.value))
            parts.append(
                f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="#2f7fc1">'
                f"<title>{escape(_axis_label(p.label))}: {escape(fmt(p.value))}</title></circle>"
            )
    parts += _x_labels([p.label for p in points], xy, lo, height)
    return _svg(width, height, title, "".join(parts))


def sparkline(values: Sequence[Number | None], *, title: str, width: int = 110, height: int = 28) -> SafeString:
    """A tiny trend line for a table cell."""
    pts = [_f(v) for v in values if v is not None]
    if len(pts) < 2:
        return _svg(width, height, title, f'<line x1="0" y1="{height / 2}" x2="{width}" y2="{height / 2}" '
                                          f'stroke="#d5dae1"/>')
    lo, hi = min(pts), max(pts)
    span = (hi - lo) or 1.0
    coords = " ".join(
        f"{_num(i * (width - 4) / (len(pts) - 1) + 2)},{_num(height - 3 - (v - lo) / span * (height - 6))}"
        for i, v in enumerate(pts)
    )
    return _svg(width, height, title, f'<polyline points="{coords}" fill="none" stroke="#2f7fc1" stroke-width="2"/>')


def _axis_label(label: str) -> str:
    """A month's period key "2026-06" as people write it, "6/2026"; other labels clipped."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", label)
    return f"{int(m.group(2))}/{m.group(1)}" if m else _clip(label, 10)


def _clip(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True)
class Series:
    """One line of a multi-line chart: its name, colour and points (the same labels for every line)."""

    label: str
    points: Sequence[Point]
    color: str = ""


def multi_line(series: Sequence[Series], *, title: str, fmt: Callable[[Number], str] | None = None,
               width: int = 340, height: int = 190, lo: float | None = None, hi: float | None = None) -> SafeString:
    """Several trends over the same periods (a unit per line), each point titled with its
    line, period and value; the page shows the same numbers in a table beside the chart."""
    fmt = fmt or _default_fmt
    left, right, top, bottom = 40, 10, 12, 28
    labels = [p.label for p in series[0].points] if series else []
    values = [_f(p.value) for s in series for p in s.points if p.value is not None]
    lo = min(values + [0.0]) if lo is None else lo
    hi = max(values + [lo + 1.0]) if hi is None else hi
    xy, parts = _frame(len(labels), lo, hi, fmt, width, height, (left, right, top, bottom))
    for n, s in enumerate(series):
        color = s.color or PALETTE[n % len(PALETTE)]
        coords = [(i, xy(i, _f(p.value)), p) for i, p in enumerate(s.points) if p.value is not None]
        if len(coords) > 1:
            path = " ".join(f"{_num(x)},{_num(y)}" for _i, (x, y), _p in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        for _i, (x, y), p in coords:
            parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{color}"><title>'
                         f"{escape(s.label)} – {escape(_axis_label(p.label))}: {escape(fmt(p.value or 0))}"
                         f"</title></circle>")
    parts += _x_labels(labels, xy, lo, height)
    return _svg(width, height, title, "".join(parts))


def _frame(count: int, lo: float, hi: float, fmt: Callable[[Number], str], width: int, height: int,
           margins: tuple[int, int, int, int]) -> tuple[Callable[[int, float], tuple[float, float]], list[str]]:
    """The plot of a trend chart: where the i-th point of ``count`` with value v goes, and the axis
    with its top and bottom values (the line chart and the multi-line chart share it)."""
    left, right, top, bottom = margins
    span = (hi - lo) or 1.0
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + (plot_w * i / max(count - 1, 1) if count > 1 else plot_w / 2)
        return x, top + plot_h - (v - lo) / span * plot_h

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#8e99a6"/>',
        f'<text x="{left - 4}" y="{top + 4}" font-size="11" text-anchor="end" fill="#545d68">{escape(fmt(hi))}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" font-size="11" text-anchor="end" fill="#545d68">'
        f"{escape(fmt(lo))}</text>",
    ]
    return xy, parts


def _x_labels(labels: Sequence[str], xy: Callable[[int, float], tuple[float, float]], lo: float,
              height: int) -> list[str]:
    """At most ~6 period labels under a chart (a phone's width); the last one ends at the right edge
    (centred, "2026-12" ran off a phone's chart)."""
    out = []
    step = max(1, math.ceil(len(labels) / 6))
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x, _ = xy(i, lo)
            anchor = "end" if i == len(labels) - 1 and len(labels) > 1 else "middle"
            out.append(f'<text x="{_num(x + 4 if anchor == "end" else x)}" y="{height - 8}" font-size="11" '
                       f'text-anchor="{anchor}" fill="#545d68">{escape(_axis_label(label))}</text>')
    return out
