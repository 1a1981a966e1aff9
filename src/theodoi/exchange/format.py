"""The one table format of bulk exchange: what theodoi exports, it imports.

A file holds rows of three kinds: task assignments (the "6 rõ"), monthly progress and
figures per unit and period. Every row starts with its kind and the stable id (uid) of
its task or target, then the unit and period it is about and the version the exporter
saw; human-readable columns (code, name, plan, state) sit beside them and are ignored on
import. A header reads "Label [key]": people read the label, the importer the key, so a
translated or retitled label still imports.

XLSX has one sheet per kind, CSV one table with every column (a row fills only its kind's);
both carry the same columns under the same headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

TASK, PROGRESS, FIGURE = "nhiem-vu", "tien-do", "so-lieu"
KINDS = (TASK, PROGRESS, FIGURE)
# Other spellings people type or older files carry.
KIND_ALIASES = {"task": TASK, "tasks": TASK, "nhiệm vụ": TASK, "nhiem vu": TASK, "progress": PROGRESS,
                "tiến độ": PROGRESS, "tien do": PROGRESS, "figure": FIGURE, "figures": FIGURE,
                "số liệu": FIGURE, "so lieu": FIGURE}
KIND_LABELS = {TASK: _("Nhiệm vụ (6 rõ)"), PROGRESS: _("Tiến độ hằng tháng"), FIGURE: _("Số liệu chỉ tiêu")}
SHEET_NAMES = {TASK: "Nhiệm vụ (6 rõ)", PROGRESS: "Tiến độ", FIGURE: "Số liệu"}


@dataclass(frozen=True)
class Col:
    """A column: its key, label, value type, the kinds it belongs to and whether import reads it.

    ``role`` is "key" (identifies the row), "data" (written through the services) or "info"
    (shown to people, ignored on import). ``kind`` is text | number | date | int.
    """

    key: str
    label: Any
    kinds: tuple[str, ...]
    role: str = "data"
    kind: str = "text"

    @property
    def header(self) -> str:
        return f"{self.label} [{self.key}]"


_ALL = KINDS
_UF = (PROGRESS, FIGURE)
COLUMNS: tuple[Col, ...] = (
    Col("kind", _("Loại"), _ALL, "key"),
    Col("uid", _("Mã định danh"), _ALL, "key"),
    Col("unit", _("Mã đơn vị"), _UF, "key"),
    Col("period", _("Kỳ"), _UF, "key"),
    Col("version", _("Phiên bản"), _ALL, "key", "int"),
    Col("code", _("Mã"), _ALL, "info"),
    Col("name", _("Nội dung"), _ALL, "info"),
    Col("plan", _("Văn bản"), _ALL, "info"),
    Col("unit_name", _("Đơn vị"), _UF, "info"),
    Col("state", _("Trạng thái duyệt"), _UF, "info"),
    # task assignment: the "6 rõ"
    Col("lead_unit", _("Mã đơn vị chủ trì"), (TASK,)),
    Col("lead_unit_label", _("Đơn vị chủ trì"), (TASK,), "info"),
    Col("responsible_person", _("Người phụ trách (tên đăng nhập)"), (TASK,)),
    Col("coordinating_text", _("Đơn vị phối hợp"), (TASK,)),
    Col("responsibility", _("Trách nhiệm"), (TASK,)),
    Col("outputs", _("Sản phẩm"), (TASK,)),
    Col("approving_authority", _("Cấp có thẩm quyền phê duyệt"), (TASK,)),
    Col("deadline_text", _("Thời hạn (như ghi)"), (TASK,)),
    Col("start_date", _("Bắt đầu"), (TASK,), kind="date"),
    Col("due_date", _("Hạn hoàn thành"), (TASK,), kind="date"),
    Col("budget_planned", _("Kinh phí dự kiến (đồng)"), (TASK,), kind="number"),
    Col("funding_source", _("Nguồn kinh phí"), (TASK,)),
    # monthly progress
    Col("percent", _("Tỷ lệ hoàn thành (%)"), (PROGRESS,), kind="number"),
    Col("work_done", _("Kết quả thực hiện"), (PROGRESS,)),
    Col("outputs_delivered", _("Sản phẩm đã có"), (PROGRESS,)),
    Col("disbursed_total", _("Giải ngân lũy kế (đồng)"), (PROGRESS,), kind="number"),
    Col("difficulties", _("Khó khăn, vướng mắc"), (PROGRESS,)),
    Col("proposals", _("Kiến nghị, đề xuất"), (PROGRESS,)),
    # figures
    Col("unit_of_measure", _("Đơn vị tính"), (FIGURE,), "info"),
    Col("value", _("Giá trị"), (FIGURE,), kind="number"),
    Col("numerator", _("Tử số"), (FIGURE,), kind="number"),
    Col("denominator", _("Mẫu số"), (FIGURE,), kind="number"),
    Col("source", _("Nguồn số liệu"), (FIGURE,)),
    Col("note", _("Ghi chú"), (FIGURE,)),
)
BY_KEY = {c.key: c for c in COLUMNS}
_HEADER_KEY = re.compile(r"\[([a-z_]+)\]\s*$")


def columns_of(kind: str | None) -> list[Col]:
    """The columns of one kind's sheet, or every column (a CSV holding all kinds)."""
    return [c for c in COLUMNS if kind is None or kind in c.kinds]


def data_keys(kind: str) -> list[str]:
    return [c.key for c in COLUMNS if kind in c.kinds and c.role == "data"]


def key_of_header(header: Any) -> str | None:
    """The column key of a header cell ("Tử số [numerator]" or plain "numerator"); None if unknown."""
    text = str(header or "").strip()
    m = _HEADER_KEY.search(text)
    key = m.group(1) if m else text
    return key if key in BY_KEY else None


def kind_of(value: Any) -> str | None:
    """The row kind a cell names (None when it names none)."""
    text = " ".join(str(value or "").strip().lower().split())
    if text in KINDS:
        return text
    return KIND_ALIASES.get(text)
