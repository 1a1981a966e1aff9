"""The report as a sequence of typed blocks, composed from its data and narrative (pure).

DOCX, PDF and XLSX builders render this one structure, so the three formats always
say the same thing. Figures come from the data only; narrative sections are printed
after the figures they comment on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from theodoi.domain.status import goal_text, shown_unit
from theodoi.reporting import draft, layout


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths


@dataclass
class Doc:
    frame: dict[str, Any]
    number_line: str
    date_line: str
    title: str
    summary: str
    blocks: list[tuple[str, str]]  # (style, text): h1, h2, para, bullet
    recipients: list[str]
    signature: list[str]
    signer_name: str
    appendix_title: list[str]
    tables: list[Table] = field(default_factory=list)
    unit_name: str = ""
    period_phrase: str = ""
    draft: bool = False  # "DỰ THẢO" on every page until the report is signed


def num(value: str | None, digits: int = 2) -> str:
    """Vietnamese number from a snapshot string ("1.234,5"), to ``digits`` decimals; "–" when missing."""
    if value in (None, ""):
        return "–"
    from theodoi.domain.numbers import format_number

    d = Decimal(value)
    return format_number(d.quantize(Decimal(1)) if d == d.to_integral() else round(d, digits), max(digits, 0))


def money(value: str | None) -> str:
    return "–" if value in (None, "") else num(value, 0) + " đồng"


def day(value: str | None) -> str:
    if not value:
        return ""
    from theodoi.domain.numbers import format_date_vi

    return format_date_vi(dt.date.fromisoformat(value))


def date_line(place: str, when: dt.date) -> str:
    from theodoi.domain.numbers import date_line_vi

    return date_line_vi(place, when)


def value_text(t: dict[str, Any]) -> str:
    if t["value"] is None:
        return "chưa có số liệu"
    uom = "%" if t["ratio"] else shown_unit(t.get("uom"))
    text = f"{num(t['value'], 2 if t['ratio'] else t.get('places', 2))}{'' if uom == '%' else ' '}{uom}".strip()
    if t["ratio"]:
        text += f" ({num(t['numerator'])}/{num(t['denominator'])})"
    return text


def author(data: dict[str, Any]) -> str:
    """How the unit names itself in the text: "UBND xã Bình Lư" for a government, else its name."""
    name = data["unit"]["name"]
    if data["unit"]["kind"] in ("commune", "province", "district"):
        return f"UBND {name[0].lower()}{name[1:]}"
    return name


def summary_of(data: dict[str, Any]) -> str:
    return ("Kết quả thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
            f"đổi mới sáng tạo và chuyển đổi số {data['period']['phrase']}")


def compose(data: dict[str, Any], narrative: dict[str, Any], *, number: str = "", issued: dt.date,
            signer_name: str = "", signer_title: str = "", sign_mode: str = "TM", draft_mark: bool = False) -> Doc:
    """The whole report, ready for a builder."""
    text = draft.clean(narrative, data)
    frame = data["frame"]
    blocks: list[tuple[str, str]] = []
    blocks += [("para", p) for p in _paras(text["intro"])]
    if data.get("received"):
        blocks.append(("para", received_text(data)))
    blocks += _results(data, text)
    blocks.append(("h1", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"))
    for late in data["late"]:
        why = f" Nguyên nhân: {late['reason'].rstrip('.')}." if late["reason"] else " Đơn vị chưa nêu nguyên nhân."
        blocks.append(("bullet", f"{late['task']} ({late['unit']} chủ trì) hạn {day(late['due'])}, "
                                 f"quá hạn {late['days']} ngày.{why}"))
    blocks += [("para", p) for p in _paras(text["limits"])]
    blocks.append(("h1", "III. ĐỀ XUẤT, KIẾN NGHỊ"))
    blocks += [("para", p) for p in _paras(text["proposals"])]
    blocks.append(("h1", f"IV. NHIỆM VỤ TRỌNG TÂM {data['next_period']['phrase'].upper()}"))
    blocks += [("bullet", p) for p in _paras(text["next"])]
    blocks.append(("para", f"Trên đây là báo cáo kết quả thực hiện {data['period']['phrase']} "
                           f"của {author(data)}./."))
    line = layout.number_line(frame, number)
    return Doc(
        frame=frame, number_line=line, date_line=date_line(frame["place"], issued), title="BÁO CÁO",
        summary=summary_of(data), blocks=blocks, recipients=frame["recipients"],
        signature=layout.signature_lines(frame, sign_mode, signer_title), signer_name=signer_name,
        appendix_title=["Phụ lục", "BIỂU CHI TIẾT KẾT QUẢ THỰC HIỆN",
                        f"(Kèm theo Báo cáo {line.replace('Số: ', 'số ').replace('Số ', 'số ')} ngày "
                        f"{issued:%d/%m/%Y} của {author(data)})"],
        tables=tables(data), unit_name=data["unit"]["name"], period_phrase=data["period"]["phrase"],
        draft=draft_mark,
    )


_STATE_LABEL = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa gửi"}


def _names(items: list[dict[str, Any]]) -> str:
    return ", ".join(r["unit"] for r in items)


def received_text(data: dict[str, Any]) -> str:
    """Which senders' reports came, on time or late, which did not, and what the figures rest on."""
    got = data["received"]
    sent = [r for r in got if r["state"] != "missing"]
    missing = [r for r in got if r["state"] == "missing"]
    on_time = sum(1 for r in sent if r["state"] == "on_time")
    parts = []
    if sent:
        parts.append(f"đã nhận {len(sent)}/{len(got)} báo cáo của các đơn vị (đúng hạn {on_time}, muộn "
                     f"{len(sent) - on_time})" + (f": {_names(sent)}" if len(sent) <= 5 else ""))
    if missing:
        parts.append(f"chưa nhận được báo cáo của {len(missing)}/{len(got)} đơn vị"
                     + (f": {_names(missing)}" if len(missing) <= 5 else ""))
    text = "Tình hình nhận báo cáo: " + "; ".join(parts) + "."
    live = [r for r in got if not r["frozen"] and r["via"] != "exchange"]
    if sent and not live:
        text += " Số liệu tổng hợp trong báo cáo này lấy theo các báo cáo đã ký của các đơn vị."
    elif sent:
        text += (" Số liệu tổng hợp lấy theo báo cáo đã ký của các đơn vị đã gửi; số liệu của "
                 f"{'đơn vị' if len(live) == 1 else 'các đơn vị'} còn lại là số liệu trên hệ thống theo dõi tại thời "
                 "điểm lập báo cáo, chưa được đơn vị xác nhận bằng báo cáo.")
    else:
        text += (" Số liệu tổng hợp trong báo cáo này là số liệu trên hệ thống theo dõi tại thời điểm lập báo cáo, "
                 "chưa được các đơn vị xác nhận bằng báo cáo.")
    return text + " Chi tiết tại Biểu 05 kèm theo."


def _paras(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def _results(data: dict[str, Any], text: dict[str, str]) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = [("h1", "I. KẾT QUẢ THỰC HIỆN"), ("h2", "1. Kết quả thực hiện các chỉ tiêu")]
    no_data = [t for t in data["targets"] if t["value"] is None]
    flagged = data.get("flagged") or []
    for t in (t for t in data["targets"] if t["value"] is not None):
        goal = goal_text(t["comparator"], t["goal"], t.get("goal_max"), t.get("uom"))
        check = " (có số liệu cần rà soát, xem ghi chú)" if t.get("flagged") else ""
        blocks.append(("bullet", f"{t['text'].rstrip('.;: ')}: {value_text(t)}"
                                 f"{f' (mục tiêu {goal})' if goal else ''}; đánh giá: {t['status'].lower()}{check}."))
    if no_data:
        blocks.append(("bullet", f"{len(no_data)} chỉ tiêu chưa có số liệu được duyệt trong kỳ "
                                 "(chi tiết tại Biểu 01 kèm theo)."))
    if not data["targets"]:
        blocks.append(("para", "Chưa có chỉ tiêu được giao theo dõi."))
    blocks += [("para", p) for p in _paras(text["targets"])]
    if flagged:
        items = "; ".join(f"{f['unit']}, {f['period']}, chỉ tiêu "
                          f"\u201c{f['target']}\u201d: {f['figure']} ({f['reasons']})" for f in flagged)
        blocks.append(("note", "Ghi chú: các số liệu sau đã được duyệt nhưng mâu thuẫn, vẫn được tính vào kết quả "
                               "như trên hệ thống theo dõi và đề nghị đơn vị rà soát, điều chỉnh: " + items + "."))
    c = data["task_counts"]
    blocks.append(("h2", "2. Kết quả thực hiện các nhiệm vụ"))
    blocks.append(("para", (
        f"Tổng số {c['total']} nhiệm vụ: hoàn thành đúng hạn {c['hoan_thanh_dung_han']}, hoàn thành quá hạn "
        f"{c['hoan_thanh_qua_han']}, đang thực hiện trong hạn {c['dang_thuc_hien_trong_han']}, đang thực hiện "
        f"quá hạn {c['dang_thuc_hien_qua_han']}, chưa triển khai {c['chua_trien_khai']}, tạm dừng {c['tam_dung']}, "
        f"dừng {c['dung']}.")))
    for g in data["task_groups"]:
        done = sum(1 for r in g["tasks"] if r["status_code"].startswith("hoan_thanh"))
        late = sum(1 for r in g["tasks"] if r["overdue"])
        blocks.append(("bullet", f"{g['title'].rstrip('.:; ')}: {len(g['tasks'])} nhiệm vụ, đã hoàn thành {done}, "
                                 f"quá hạn {late}."))
    for r in (r for g in data["task_groups"] for r in g["tasks"] if r.get("run_state_reason")):
        blocks.append(("bullet", f"{r['title'].rstrip('.')}: {r['status'].lower()}; lý do: "
                                 f"{r['run_state_reason'].rstrip('.')}."))
    blocks += [("bullet", p) for p in _paras(text["tasks"])]
    for sc in data.get("science", []):
        where = f"{sc['stage'].lower()} ngày {day(sc['stage_date'])}" if sc["stage"] else "chưa ghi nhận giai đoạn"
        check = ("khớp" if not sc["findings"] else "chưa khớp: " + "; ".join(f.rstrip(".") for f in sc["findings"]))
        blocks.append(("bullet", f"Nhiệm vụ KH&CN {sc['task'].rstrip('.')} ({sc['lead']} chủ trì): {where}; "
                                 f"đối soát tiến độ, giải ngân, sản phẩm {check}."))
    m = data["disbursement"]
    money_blocks: list[tuple[str, str]] = []
    if m.get("planned"):
        money_blocks.append(("para", f"Tổng kinh phí kế hoạch {money(m['planned'])}; đã giải ngân "
                                     f"{money(m['disbursed'])}, đạt {num(m['rate'], 1)}%."))
    elif m.get("disbursed") not in (None, "0"):
        money_blocks.append(("para", f"Đã giải ngân {money(m['disbursed'])}."))
    money_blocks += [("para", p) for p in _paras(text["money"])]
    section = 3
    if money_blocks:  # no heading over nothing: a plan without budget has no disbursement section
        blocks.append(("h2", f"{section}. Giải ngân kinh phí"))
        blocks += money_blocks
        section += 1
    if any(u["unit"] != data["unit"]["name"] for u in data["by_unit"]):
        blocks.append(("h2", f"{section}. Tình hình thực hiện của các đơn vị"))
        for u in data["by_unit"]:
            done = u.get("hoan_thanh_dung_han", 0) + u.get("hoan_thanh_qua_han", 0)
            late = u.get("dang_thuc_hien_qua_han", 0)
            blocks.append(("bullet", f"{u['unit']}: {u['total']} nhiệm vụ, hoàn thành {done}, quá hạn {late}."))
        section += 1
    if data.get("conformity") is not None:  # the annual report (snapshots of older reports have none)
        blocks.append(("h2", f"{section}. Đối chiếu với văn bản cấp trên"))
        blocks += _conformity(data["conformity"])
    return blocks


def _conformity(plans: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Each plan against the plans it implements that are in the system (``reporting.data._conformity``)."""
    if not plans:
        return [("para", "Chưa có văn bản cấp trên của kế hoạch trên hệ thống theo dõi để đối chiếu.")]
    out: list[tuple[str, str]] = []
    for p in plans:
        parents = ", ".join(p["parents"])
        if not p["findings"]:
            out.append(("para", f"{p['plan']}: phù hợp với {parents}."))
            continue
        out.append(("para", f"{p['plan']}, đối chiếu với {parents}:"))
        out += [("bullet", f) for f in p["findings"]]
    return out


def tables(data: dict[str, Any]) -> list[Table]:
    """The appendix tables (biểu chi tiết), also the sheets of the XLSX."""
    rows = [[str(i), t["text"].rstrip(" ;,"), shown_unit(t.get("uom")) or "–",
             goal_text(t["comparator"], t["goal"], t.get("goal_max"), t.get("uom")),
             num(t["value"], 2 if t["ratio"] else t.get("places", 2)) if t["value"] else "–",
             num(t["numerator"]) if t["ratio"] else "", num(t["denominator"]) if t["ratio"] else "",
             t["status"], t["lead"], day(t["deadline"])]
            for i, t in enumerate(data["targets"], 1)]
    out = [Table("Biểu 01. Kết quả thực hiện các chỉ tiêu",
                 ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Tử số", "Mẫu số", "Đánh giá",
                  "Đơn vị theo dõi", "Thời hạn"], rows, [5, 30, 7, 8, 8, 7, 7, 10, 12, 9])]
    task_rows = []
    i = 0
    for g in data["task_groups"]:
        for r in g["tasks"]:
            i += 1
            task_rows.append([str(i), r["title"], r["lead"], num(r["percent"], 1) if r["percent"] else "–",
                              r["status"], day(r["deadline"]) or r["deadline_text"]])
    out.append(Table("Biểu 02. Kết quả thực hiện các nhiệm vụ",
                     ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Tiến độ (%)", "Tình trạng", "Thời hạn"],
                     task_rows, [5, 45, 18, 7, 14, 10]))
    detail = [[t["text"], b["unit"] + (" (số liệu trên hệ thống, chưa qua báo cáo)" if b.get("live") else ""),
               num(b["value"]), num(b["numerator"]) if b["numerator"] else "",
               num(b["denominator"]) if b["denominator"] else ""]
              for t in data["targets"] for b in t["breakdown"]]
    if detail:
        out.append(Table("Biểu 03. Chỉ tiêu chi tiết theo đơn vị",
                         ["Chỉ tiêu", "Đơn vị", "Kết quả", "Tử số", "Mẫu số"], detail, [40, 25, 10, 10, 10]))
    if data["by_unit"]:
        out.append(Table("Biểu 04. Tình hình thực hiện nhiệm vụ theo đơn vị",
                         ["Đơn vị", "Tổng số", "Hoàn thành", "Trong hạn", "Quá hạn", "Chưa triển khai"],
                         [[u["unit"], str(u["total"]),
                           str(u.get("hoan_thanh_dung_han", 0) + u.get("hoan_thanh_qua_han", 0)),
                           str(u.get("dang_thuc_hien_trong_han", 0)), str(u.get("dang_thuc_hien_qua_han", 0)),
                           str(u.get("chua_trien_khai", 0))] for u in data["by_unit"]],
                         [35, 10, 10, 10, 10, 10]))
    if data.get("received"):
        basis = {"report": "Theo báo cáo đã ký", "exchange": "Theo báo cáo nhận liên thông",
                 "live": "Trên hệ thống, chưa qua báo cáo"}
        out.append(Table("Biểu 05. Tình hình nhận báo cáo của các đơn vị",
                         ["STT", "Đơn vị", "Hạn gửi", "Ngày gửi", "Tình trạng", "Số liệu tổng hợp"],
                         [[str(i), r["unit"], day(r["due"]), day(r["sent_on"]) or "–", _STATE_LABEL[r["state"]],
                           basis["report" if r["frozen"] else ("exchange" if r["via"] == "exchange" else "live")]]
                          for i, r in enumerate(data["received"], 1)],
                         [5, 35, 12, 12, 12, 24]))
    return out
