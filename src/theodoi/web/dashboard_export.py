"""The dashboard as XLSX and PDF: the same tables the page shows (``views.dashboard.dashboard_data``).

The PDF uses reporting's vendored Liberation Serif (Vietnamese glyphs, no system font needed).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext as _

from theodoi.domain.numbers import format_date_vi, format_number
from theodoi.planning.selectors.texts import unit_label
from theodoi.web.templatetags.vn import goal

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _n(value: Any, decimals: int = 1) -> str:
    return "—" if value is None else format_number(value, decimals)


def tables(data: dict[str, Any]) -> list[tuple[str, list[str], list[Any]]]:
    """(title, header, rows) of each part of the dashboard, in the page's order."""
    d, period = data["d"], data["period"]
    overdue = sum(1 for r in d.tasks if r["overdue"])
    c = data["completeness"]
    summary: list[Any] = [
        [_("Nhiệm vụ"), len(d.tasks)], [_("Nhiệm vụ quá hạn"), overdue], [_("Chỉ tiêu"), len(d.targets)],
        [_("Cảnh báo"), data["warning_count"]],
        [_("Đơn vị đã gửi đủ báo cáo tháng"), f"{c.sent}/{c.expected}"],
        [_("Kinh phí dự kiến (đồng)"), d.budget], [_("Đã giải ngân, lũy kế (đồng)"), d.disbursed],
    ]
    late = [[lu.name, len(lu.overdue), len(lu.unreported), len(lu.behind), "; ".join(lu.reasons)]
            for lu in data["late"]]
    ranked = [[i, unit_label(r.unit), r.score.total, r.score.explanation] for i, r in enumerate(data["ranked"], 1)]
    card = data["scorecard"]
    scorecard = [[name, *[(cell.status if cell else "") for cell in cells]] for _u, name, cells in card.rows]
    trend = data["unit_trend"]
    trend_rows = [[name, *values] for name, values in trend.series]
    targets = [[t["code"], t["text"], goal(t), t["latest_value"], t["period"], t["status"]] for t in d.targets]
    return [
        (_("Tổng quan – %(p)s") % {"p": period.label(gettext)}, [_("Nội dung"), _("Số")], summary),
        (_("Đơn vị chậm trễ và lý do"), [_("Đơn vị"), _("Quá hạn"), _("Chưa báo cáo"), _("Chỉ tiêu chậm"),
                                        _("Lý do")], late),
        (_("Xếp hạng đơn vị"), ["#", _("Đơn vị"), _("Điểm"), _("Cách tính")], ranked),
        (_("Bảng điểm: đơn vị × chỉ số"), [_("Đơn vị"), *[name for _i, name in card.columns]], scorecard),
        (_("Điểm theo tháng"), [_("Đơn vị"), *[m.label(gettext) for m in trend.months]], trend_rows),
        (_("Chỉ tiêu"), [_("Mã"), _("Chỉ tiêu"), _("Mục tiêu"), _("Số liệu mới nhất"), _("Kỳ"), _("Tình trạng")],
         targets),
    ]


def _title(data: dict[str, Any]) -> str:
    return _("Bảng điều hành: %(u)s – %(p)s (số liệu đến %(d)s)") % {
        "u": unit_label(data["unit"]), "p": data["period"].label(gettext), "d": format_date_vi(data["day"])}


def build(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "xlsx":
        return _xlsx(data)
    if fmt == "pdf":
        return _pdf(data)
    raise ValueError(f"unknown format {fmt!r}")


def _xlsx(data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = True
    for title, header, rows in tables(data):
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title[:31].replace("/", "-").replace(":", " ")
        ws.append([_title(data)])
        ws["A1"].font = Font(bold=True)
        ws.append([title])
        ws.append(header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        ws.column_dimensions["A"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Numbers stay numbers; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _pdf(data: dict[str, Any]) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from theodoi.reporting.pdf_builder import register_fonts

    family = register_fonts()
    body = ParagraphStyle("b", fontName=family, fontSize=9, leading=11)
    head = ParagraphStyle("h", fontName=f"{family}-Bold", fontSize=12, leading=15, spaceBefore=8, spaceAfter=4)
    title = ParagraphStyle("t", fontName=f"{family}-Bold", fontSize=14, leading=18)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=_title(data))
    story: list[Any] = [Paragraph(escape(_title(data)), title), Spacer(1, 4 * mm)]
    for name, header, rows in tables(data):
        story.append(Paragraph(escape(name), head))
        if not rows:
            story.append(Paragraph(escape(_("Không có.")), body))
            continue
        cells = [[Paragraph(escape(str(h)), body) for h in header]]
        cells += [[Paragraph(escape(_text(v)), body) for v in row] for row in rows[:200]]
        table = Table(cells, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
    doc.build(story)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _n(value, 1 if isinstance(value, float) else 0)
    from decimal import Decimal

    if isinstance(value, Decimal):
        return _n(value, 2)
    return str(value)
