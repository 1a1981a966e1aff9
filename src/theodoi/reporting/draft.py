"""The editable Vietnamese narrative of a report, drafted from its data (pure).

The officer may rewrite every section in the report page; the figures are not part
of these texts — they are printed from the data by :mod:`theodoi.reporting.document`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import gettext_lazy as _

# (key, label in the form) in the order they appear in the report.
SECTIONS: list[tuple[str, Any]] = [
    ("intro", _("Mở đầu")),
    ("targets", _("Nhận xét về các chỉ tiêu")),
    ("tasks", _("Kết quả nổi bật của các nhiệm vụ")),
    ("money", _("Nhận xét về giải ngân")),
    ("limits", _("Tồn tại, hạn chế và nguyên nhân")),
    ("proposals", _("Đề xuất, kiến nghị")),
    ("next", _("Nhiệm vụ trọng tâm kỳ tới")),
]
KEYS = [k for k, _label in SECTIONS]
MAX_SECTION = 20_000  # characters: a section is a few paragraphs, not a book


def _unique(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for t in texts:
        key = " ".join(t.lower().split()).rstrip(".;")
        if key and key not in seen:
            seen.add(key)
            out.append(t.strip().rstrip(".;"))
    return out


def _highlight(row: dict[str, Any]) -> str:
    """"Task: what was done", without repeating the task's title when the update already names it."""
    title, done = row["title"].rstrip(". "), row["work_done"]
    if title[:40].lower() in done.lower():
        return done
    return f"{title}: {done}"


def _targets_comment(rows: list[dict[str, Any]]) -> str:
    """"Of 20 targets, 5 have figures: 3 met, 1 likely…" (empty when the unit tracks no target)."""
    if not rows:
        return ""
    codes = Counter(t["status_code"] for t in rows)
    measured = len(rows) - codes.get("chua_co_so_lieu", 0)
    text = f"Trong tổng số {len(rows)} chỉ tiêu, {measured} chỉ tiêu đã có số liệu được duyệt"
    parts = [f"{codes[c]} chỉ tiêu {label}" for c, label in (("dat", "đã đạt"), ("co_kha_nang_dat", "có khả năng đạt"),
                                                             ("nguy_co_khong_dat", "có nguy cơ không đạt"),
                                                             ("khong_dat", "không đạt")) if codes.get(c)]
    text += (": " + ", ".join(parts) + ".") if parts else "."
    if codes.get("nguy_co_khong_dat") or codes.get("khong_dat"):
        text += " Các chỉ tiêu có nguy cơ không đạt hoặc không đạt cần được tập trung chỉ đạo trong kỳ tới."
    return text


def _next_line(n: dict[str, Any]) -> str:
    from theodoi.reporting.document import day

    task = n["task"].rstrip(". ")
    when = day(n["deadline"]) or n.get("deadline_text") or ""
    if n["overdue"]:
        return f"{n['lead']} khẩn trương hoàn thành: {task} (đã quá hạn {when})"
    return f"{n['lead']} tiếp tục thực hiện: {task}" + (f" (hạn {when})" if when else "")


def default_narrative(data: dict[str, Any]) -> dict[str, str]:
    """A first draft of every section, in Vietnamese, from the data snapshot."""
    from theodoi.reporting.document import author

    unit = author(data)
    phrase = data["period"]["phrase"]
    counts = data["task_counts"]
    intro = (
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
        "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia và các kế hoạch thực hiện của cấp trên; "
        f"{unit} báo cáo kết quả thực hiện {phrase} như sau:"
    )
    targets = _targets_comment(data["targets"])
    highlights = [_highlight(r) for g in data["task_groups"] for r in g["tasks"] if r["work_done"]][:8]
    tasks = "\n".join(highlights) if highlights else (
        f"Trong kỳ, các đơn vị tiếp tục triển khai {counts['total']} nhiệm vụ theo kế hoạch."
    )
    money = data["disbursement"]
    money_text = ("Các đơn vị tiếp tục đẩy nhanh tiến độ giải ngân kinh phí được giao." if money.get("planned")
                  else "Trong kỳ chưa có nhiệm vụ được bố trí kinh phí.")
    difficulties = _unique([d["text"] for d in data["difficulties"]]
                           + [d["reason"] for d in data["late"] if d["reason"]])
    limits = "\n".join(difficulties) if difficulties else "Trong kỳ, các đơn vị không phản ánh khó khăn, vướng mắc."
    proposals = _unique([p["text"] for p in data["proposals"]])
    next_lines = [_next_line(n) for n in data["next_tasks"][:10]]
    next_text = "\n".join(next_lines) if next_lines else (
        "Tiếp tục triển khai các nhiệm vụ theo kế hoạch; theo dõi, đôn đốc các đơn vị báo cáo đúng hạn."
    )
    return {
        "intro": intro, "targets": targets, "tasks": tasks, "money": money_text, "limits": limits,
        "proposals": "\n".join(proposals) if proposals else "Không có.", "next": next_text,
    }


def clean(narrative: dict[str, Any], data: dict[str, Any]) -> dict[str, str]:
    """The narrative restricted to known sections, as stripped strings (missing ones drafted)."""
    drafted = default_narrative(data)
    out = {}
    for key in KEYS:
        value = narrative.get(key) if isinstance(narrative, dict) else None
        text = str(value).replace("\r\n", "\n").strip() if value is not None else drafted[key]
        out[key] = text[:MAX_SECTION]
    return out
