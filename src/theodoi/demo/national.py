"""The root of the cascade: Resolution 57-NQ/TW and the Government's 03/NQ-CP.

03/NQ-CP is loaded with its 41 indicators (and their sub-items) as targets and its
140 tasks, grouped under the resolution's seven task groups, from the public
appendices shipped in demo/data/03-NQ-CP.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from theodoi.audit.services import record, record_if_changed, snapshot
from theodoi.demo.data import read_csv
from theodoi.domain.deadlines import parse_deadline
from theodoi.planning.models import (
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    Indicator,
    IndicatorKind,
    LinkKind,
    Target,
    Task,
    TimeAggregation,
    UnitAggregation,
)
from theodoi.tenancy.models import Unit

NQ57_TITLE = (
    "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
)
NQ03_TITLE = (
    "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 "
    "của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
)
REASON = "Dữ liệu mẫu: tầng quốc gia"
_COMPARATORS = {">=": ">=", ">": ">", "<=": "<=", "range": ">=", "target": ">="}
_AREA_WORDS = [("chuyển đổi số", "CĐS"), ("số", "CĐS"), ("đổi mới sáng tạo", "ĐMST"),
               ("khoa học", "KHCN"), ("công nghệ", "KHCN"), ("chi", "TC"), ("ngân sách", "TC")]


def _document(number: str, **fields) -> Document:
    """Create or update one national document by number, with its audit record when it changes."""
    doc = Document.objects.filter(number=number).first() or Document(number=number)
    before = snapshot(doc) if doc.pk else None
    for key, value in fields.items():
        setattr(doc, key, value)
    doc.save()
    after = snapshot(doc)
    if before != after:
        record("create" if before is None else "update", doc, before=before, after=after, reason=REASON)
    return doc


def _area(text: str) -> str:
    lowered = text.lower()
    for word, area in _AREA_WORDS:
        if word in lowered:
            return area
    return "KHÁC"


def load(units: dict[str, Unit]) -> Document:
    """Load 57-NQ/TW and 03/NQ-CP (idempotent); returns 03/NQ-CP."""
    nq57 = _document("57-NQ/TW", doc_type=DocType.NGHI_QUYET, issuer=units["bch-tw"],
                     issuer_name="Bộ Chính trị", issued_date=dt.date(2024, 12, 22), title=NQ57_TITLE,
                     period_start=2025, period_end=2045, status=DocStatus.ACTIVE)
    nq03 = _document("03/NQ-CP", doc_type=DocType.NGHI_QUYET, issuer=units["chinh-phu"],
                     issuer_name="Chính phủ", issued_date=dt.date(2025, 1, 9), place="Hà Nội",
                     title=NQ03_TITLE, period_start=2025, period_end=2045, status=DocStatus.ACTIVE)
    DocumentLink.objects.get_or_create(source=nq03, target=nq57, defaults={"kind": LinkKind.IMPLEMENTS})
    nq71 = _document("71/NQ-CP", doc_type=DocType.NGHI_QUYET, issuer=units["chinh-phu"], issuer_name="Chính phủ",
                     issued_date=dt.date(2025, 4, 1), place="Hà Nội", status=DocStatus.STUB,
                     title="Nghị quyết sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ "
                           "thực hiện Nghị quyết số 57-NQ/TW")
    DocumentLink.objects.get_or_create(source=nq71, target=nq03, defaults={"kind": LinkKind.AMENDS})
    DocumentLink.objects.get_or_create(source=nq71, target=nq57, defaults={"kind": LinkKind.IMPLEMENTS})
    for doc in (nq57, nq03, nq71):  # their links are part of what the trail holds of them
        record_if_changed("link", doc, reason=REASON)
    if not nq03.targets.exists():
        _load_indicators(nq03)
    if not nq03.tasks.exists():
        _load_tasks(nq03)
    return nq03


def _load_indicators(doc: Document) -> None:
    rows = read_csv("03-NQ-CP", "indicators.csv")
    parents: dict[str, Target] = {}
    for position, row in enumerate(rows):
        value = Decimal(row["value"]) if row["value"] else None
        unit = row["unit"] or ""
        is_pct = unit.strip() == "%"
        indicator = Indicator.objects.update_or_create(
            code=f"03/NQ-CP/{row['code']}",
            defaults={"name": row["text"], "unit_of_measure": unit[:80], "lead_name": row["lead"],
                      "kind": IndicatorKind.RATIO if is_pct else (
                          IndicatorKind.TEXT if row["comparator"] == "text" else IndicatorKind.VALUE),
                      "across_units": UnitAggregation.SUM if is_pct else UnitAggregation.NONE,
                      "across_time": TimeAggregation.LAST,
                      "higher_is_better": row["comparator"] != "<="},
        )[0]
        year = int(row["deadline_year"]) if row["deadline_year"] else None
        text = f"{row['text']}: {row['result_text']}".strip(": ") if row["result_text"] else row["text"]
        target = Target.objects.create(
            document=doc, code=row["code"], text=text, section=row["group"], area=_area(row["text"]),
            comparator=_COMPARATORS.get(row["comparator"], ""), value=value,
            value_max=Decimal(row["value_max"]) if row["value_max"] else None, unit_of_measure=unit[:80],
            deadline_year=year, deadline=dt.date(year, 12, 31) if year else None, indicator=indicator,
            parent=parents.get(row["parent"]), position=position,
        )
        parents[row["code"]] = target
        record("create", target, reason="Dữ liệu mẫu: phụ lục I Nghị quyết 03/NQ-CP")


def _load_tasks(doc: Document) -> None:
    groups: dict[str, Task] = {}
    for position, row in enumerate(read_csv("03-NQ-CP", "tasks.csv")):
        group_title = row["group"]
        if group_title not in groups:
            numeral, _, title = group_title.partition(". ")
            groups[group_title] = Task.objects.create(document=doc, code=numeral, title=title or group_title,
                                                      position=position * 2)
            record("create", groups[group_title], reason="Dữ liệu mẫu: nhóm nhiệm vụ của Nghị quyết 03/NQ-CP")
        deadline = parse_deadline(row["deadline"])
        number = re.sub(r"\D", "", row["code"])
        task = Task.objects.create(
            document=doc, parent=groups[group_title], code=f"NV{number}", title=row["title"],
            lead_unit_name=row["lead"][:255], coordinating_text=row["coordinating"], outputs=row["product"],
            deadline_text=row["deadline"][:120], deadline_kind=deadline.kind, due_date=deadline.due,
            start_date=deadline.start, recurrence=deadline.recurrence or "", position=position * 2 + 1,
        )
        record("create", task, reason="Dữ liệu mẫu: phụ lục II Nghị quyết 03/NQ-CP")
