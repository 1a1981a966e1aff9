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


def _sentence(text: str) -> str:
    """A sentence as printed: first letter capital, one full stop at the end."""
    text = " ".join(text.split()).rstrip(" .;,")
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _highlight(row: dict[str, Any]) -> str:
    """"Lead: what was done" from the latest update of the period, the task named when the update does not."""
    title, done = row["title"].rstrip(". "), row.get("latest_work") or row["work_done"]
    if title[:40].lower() not in done.lower():
        done = f"{title}: {done[:1].lower()}{done[1:]}"
    return _sentence(f"{row['lead']}: {done[:1].lower()}{done[1:]}" if row.get("lead") else done)


def _target_name(t: dict[str, Any]) -> str:
    return t["text"].rstrip(".;: ")


def _targets_comment(rows: list[dict[str, Any]]) -> str:
    """"Of 20 targets, 5 have figures: 3 met, 1 likely…" with the targets at risk named (empty without targets)."""
    if not rows:
        return ""
    codes = Counter(t["status_code"] for t in rows)
    measured = len(rows) - codes.get("chua_co_so_lieu", 0)
    if not measured:
        return (f"Trong tổng số {len(rows)} chỉ tiêu, chưa có chỉ tiêu nào có số liệu được duyệt đến hết kỳ báo cáo; "
                "chưa đủ căn cứ đánh giá mức độ thực hiện.")
    text = f"Trong tổng số {len(rows)} chỉ tiêu, {measured} chỉ tiêu đã có số liệu được duyệt"
    parts = [f"{codes[c]} chỉ tiêu {label}" for c, label in (("dat", "đã đạt"), ("co_kha_nang_dat", "có khả năng đạt"),
                                                             ("nguy_co_khong_dat", "có nguy cơ không đạt"),
                                                             ("khong_dat", "không đạt")) if codes.get(c)]
    text += (": " + ", ".join(parts) + ".") if parts else "."
    if codes.get("nguy_co_khong_dat") or codes.get("khong_dat"):
        text += " Các chỉ tiêu có nguy cơ không đạt hoặc không đạt cần được tập trung chỉ đạo trong kỳ tới."
    return text


def _next_line(n: dict[str, Any], own: tuple[str, ...] = ()) -> str:
    """"Lead khẩn trương hoàn thành / triển khai / tiếp tục thực hiện: task (hạn …)"; the report's own unit
    is not named as the subject of its own sentence."""
    from theodoi.reporting.document import day

    task = n["task"].rstrip(". ")
    when = day(n["deadline"]) or n.get("deadline_text") or ""
    lead = "" if n["lead"] in own else n["lead"]
    if n["overdue"]:
        verb, tail = "khẩn trương hoàn thành", f" (đã quá hạn {when})" if when else ""
    elif n.get("status_code") == "chua_trien_khai":
        verb, tail = "triển khai thực hiện", f" (hạn {when})" if when else ""
    else:
        verb, tail = "tiếp tục thực hiện", f" (hạn {when})" if when else ""
    text = f"{lead} {verb}: {task}{tail}" if lead else f"{verb[:1].upper()}{verb[1:]}: {task}{tail}"
    return text + "."


def _grouped(items: list[dict[str, Any]], key: str = "text") -> list[str]:
    """The same difficulty or proposal sent by several units once, naming who sent it."""
    by_text: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for item in items:
        text = item[key].strip()
        norm = " ".join(text.lower().split()).rstrip(".;")
        if not norm:
            continue
        shown.setdefault(norm, text)
        units = by_text.setdefault(norm, [])
        if item.get("unit") and item["unit"] not in units:
            units.append(item["unit"])
    out = []
    for norm, units in by_text.items():
        who = f" ({', '.join(units[:4])}{' và các đơn vị khác' if len(units) > 4 else ''})" if units else ""
        out.append(_sentence(shown[norm].rstrip(" .;") + who))
    return out


def _gov_name(unit: dict[str, Any]) -> str:
    name = unit["name"]
    return f"UBND {name[:1].lower()}{name[1:]}" if unit.get("kind") in ("commune", "province", "district") else name


def _intro(data: dict[str, Any]) -> str:
    """The opening: the unit's own plans and what they implement, not only Resolution 57."""
    from theodoi.reporting.document import author

    unit = author(data)
    plans = data.get("plans") or []
    own = [p for p in plans if p["own"]]
    cited = ["Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
             "đổi mới sáng tạo và chuyển đổi số quốc gia"]
    for p in own:
        cited += [c for c in p["implements"] if c not in cited]
    cited += [p["label"] for p in own]
    text = "Thực hiện " + "; ".join(cited)
    got = data.get("received") or []
    if got:  # a recipient of reports: what it received, and whose figures are the system's (received.py)
        sent = [_gov_name({"name": r["unit"], "kind": r.get("kind")}) for r in got if r["state"] != "missing"]
        missing = [_gov_name({"name": r["unit"], "kind": r.get("kind")}) for r in got if r["state"] == "missing"]
        basis = []
        if sent:
            basis.append("báo cáo của " + (", ".join(sent) if len(sent) <= 3 else f"{len(sent)}/{len(got)} đơn vị"))
        if missing:
            basis.append("số liệu trên hệ thống theo dõi của " + (
                ", ".join(missing) if len(missing) <= 3 else f"{len(missing)} đơn vị chưa gửi báo cáo"))
        text += f"; trên cơ sở {' và '.join(basis)}"
        return f"{text}, {unit} báo cáo kết quả thực hiện {data['period']['phrase']} như sau:"
    received = data.get("senders") or []
    names = {u["unit"] for u in data.get("by_unit") or []}
    sending = [s for s in received if s["name"] in names]  # those with figures or tasks in the period
    if sending and len(sending) <= 3:
        text += f"; trên cơ sở báo cáo, số liệu của {', '.join(_gov_name(s) for s in sending)}"
    elif sending:
        text += f"; trên cơ sở báo cáo, số liệu của {len(sending)}/{len(received)} đơn vị"
    return f"{text}, {unit} báo cáo kết quả thực hiện {data['period']['phrase']} như sau:"


def _limits(data: dict[str, Any]) -> str:
    """Shortcomings: targets at risk, tasks not started, the difficulties the units reported, and why."""
    out = []
    risky = [t for t in data["targets"] if t["status_code"] in ("nguy_co_khong_dat", "khong_dat")]
    for t in risky[:6]:
        from theodoi.domain.status import goal_text
        from theodoi.reporting.document import value_text

        goal = goal_text(t["comparator"], t["goal"], t.get("goal_max"), t.get("uom"))
        out.append(_sentence(f"Chỉ tiêu \u201c{_target_name(t)}\u201d đạt {value_text(t)}"
                             f"{f' so với mục tiêu {goal}' if goal else ''}, {t['status'].lower()}"))
    no_data = [t for t in data["targets"] if t["value"] is None]
    if no_data:
        out.append(_sentence(f"{len(no_data)}/{len(data['targets'])} chỉ tiêu chưa có số liệu được duyệt, chưa đánh "
                             "giá được mức độ thực hiện; các đơn vị cần cập nhật số liệu trong kỳ tới"))
    not_started = [r for g in data["task_groups"] for r in g["tasks"] if r["status_code"] == "chua_trien_khai"]
    if not_started:
        from theodoi.reporting.document import author

        own = (data["unit"]["name"], author(data))
        names = "; ".join(r["title"].rstrip(". ") + ("" if r["lead"] in own else f" ({r['lead']})")
                          for r in not_started[:4])
        more = f" và {len(not_started) - 4} nhiệm vụ khác" if len(not_started) > 4 else ""
        out.append(_sentence(f"{len(not_started)} nhiệm vụ chưa triển khai: {names}{more}"))
    reasons = _grouped(data["difficulties"])
    if reasons:
        out.append("Khó khăn, vướng mắc các đơn vị phản ánh:")
        out += reasons
    if not out:
        out.append("Trong kỳ, không có chỉ tiêu có nguy cơ không đạt, không có nhiệm vụ chưa triển khai; "
                   "các đơn vị không phản ánh khó khăn, vướng mắc.")
    return "\n".join(out)


def _proposals(data: dict[str, Any]) -> str:
    out = _grouped(data["proposals"])
    if not out:
        out.append("Trong kỳ, các đơn vị chưa có kiến nghị, đề xuất.")
    return "\n".join(out)


def default_narrative(data: dict[str, Any]) -> dict[str, str]:
    """A first draft of every section, in Vietnamese, from the data snapshot."""
    counts = data["task_counts"]
    targets = _targets_comment(data["targets"])
    rows = [r for g in data["task_groups"] for r in g["tasks"] if r.get("latest_work") or r["work_done"]]
    done_first = sorted(rows, key=lambda r: (not r["status_code"].startswith("hoan_thanh"), -float(r["percent"] or 0)))
    highlights = [_highlight(r) for r in done_first[:8]]
    tasks = "\n".join(highlights) if highlights else (
        f"Trong kỳ, các đơn vị chưa báo cáo kết quả cụ thể của {counts['total']} nhiệm vụ." if counts["total"]
        else "")
    money = data["disbursement"]
    money_text = ""
    if money.get("planned") and money.get("rate") is not None and float(money["rate"]) < 100:
        money_text = "Các đơn vị tiếp tục đẩy nhanh tiến độ giải ngân kinh phí được giao."
    from theodoi.reporting.document import author

    own = (data["unit"]["name"], author(data))
    next_lines = [_next_line(n, own) for n in data["next_tasks"][:10]]
    next_text = "\n".join(next_lines) if next_lines else (
        "Tiếp tục triển khai các nhiệm vụ theo kế hoạch; theo dõi, đôn đốc các đơn vị báo cáo đúng hạn."
    )
    return {
        "intro": _intro(data), "targets": targets, "tasks": tasks, "money": money_text, "limits": _limits(data),
        "proposals": _proposals(data), "next": next_text,
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
