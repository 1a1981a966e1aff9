"""Tasks: the numbered headings of the section holding the tasks.

The section is the shallowest heading named NHIỆM VỤ / GIẢI PHÁP / NỘI DUNG
THỰC HIỆN / PHÂN CÔNG NHIỆM VỤ, wherever it sits in the outline. Roman and
Arabic headings are always tasks; lettered and "(n)" items only when they are
headings (no sentence punctuation) and not a field of a task written as a block
("a) Cơ quan chủ trì: …", "b) Thời gian: …"). A deadline is read only from the
task's own text (its heading and the body up to the next numbered paragraph),
first from its "Thời gian …:" field when it has one. The task's own fields (block lines, the
title's line, a closing parenthesis) also give its lead and coordinating units and output.
Appendix tables ("biểu chi tiết") are read by header text, on one header row or two.
"""

from __future__ import annotations

import re

from .outline import Node, find_section, is_heading_shape, split_title

TASK_ROOT = re.compile(r"nhiệm vụ|giải pháp|nội dung thực hiện|nội dung triển khai|"
                       r"phân công nhiệm vụ|các nội dung", re.I)
# "II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ NĂM 2023": last year's review of the tasks, not this plan's tasks
NOT_TASK_ROOT = re.compile(r"tổ chức thực hiện|mục tiêu|mục đích|kinh phí thực hiện|"
                           r"lộ trình|trách nhiệm|tình hình thực hiện|kết quả thực hiện", re.I)
CONTENT_ROOT = re.compile(r"^(?:các\s+)?nội dung\b", re.I)
# "(Sở X chủ trì, phối hợp với …; hoàn thành Quý II/2025)" closing a heading: the task's fields, not its title
_FIELDS_PAREN = re.compile(r"\s*\([^()]*(?:chủ trì|thực hiện|hoàn thành|thời gian|thời hạn)[^()]*\)\s*[.;,]?\s*$",
                           re.I)
_POINTER = re.compile(r"\((?:có |theo |chi tiết |tại )?[^()]*(?:kèm theo|phụ lục|biểu)[^()]*\)\s*$",
                      re.I)
_QUARTER = re.compile(r"quý\s+([IV]{1,3}|[1-4])\s*(?:/|năm|-)\s*(20\d\d)", re.I)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm|-)\s*(20\d\d)", re.I)
_DAY = re.compile(r"(?:trước|đến|trong|hoàn thành)\s+ngày\s+(\d{1,2}/\d{1,2}/20\d\d)", re.I)
_YEAR = re.compile(r"(?:trong|hết|trước|đến hết|hoàn thành|ngay trong)\s+năm\s+(20\d\d)", re.I)
_ROMAN_Q = {"1": "I", "2": "II", "3": "III", "4": "IV"}
# a task written as a block: "Nhiệm vụ: …", "Cơ quan thực hiện: …", "Thời gian hoàn thành: …"
FIELD = re.compile(r"^(?:Nội dung(?: nhiệm vụ| thực hiện)?|Nhiệm vụ|(?:Cơ quan|Đơn vị|Cơ quan, đơn vị)\s+"
                   r"(?:chủ trì|thực hiện|phối hợp|thực hiện chính)|Chủ trì|Phối hợp|Thời gian(?: hoàn thành|"
                   r" thực hiện)?|Thời hạn(?: hoàn thành)?|Tiến độ(?: thực hiện)?|Sản phẩm(?: đầu ra)?|"
                   r"Kết quả(?: đầu ra)?|Kinh phí(?: thực hiện)?|Nguồn kinh phí)\s*:", re.I)
_TIME_FIELD = re.compile(r"(?:^|[.;(]\s*|\s[-–]\s+)(?:Thời gian(?: hoàn thành| thực hiện)?|Thời hạn(?: hoàn thành)?|"
                         r"Tiến độ(?: thực hiện)?)\s*:\s*([^;()]+)", re.I)
_BARE_YEAR = re.compile(r"\b(20\d\d)\b(?!\s*[-–]\s*20\d\d)")
# a field after "; " on the same line ("Cơ quan chủ trì: Sở X; cơ quan phối hợp: Sở Y")
_NEXT_FIELD = (r"(?:cơ quan|đơn vị|chủ trì|phối hợp|thời gian|thời hạn|tiến độ|sản phẩm|kết quả|kinh phí|"
               r"nguồn kinh phí)[^:;]{0,30}:")
# the units a task names in its fields ("Cơ quan chủ trì: Sở X", "Đơn vị thực hiện: Sở X", "Phối hợp: …")
_UNIT_FIELD = re.compile(r"(?:^|[;(]\s*|\.\s+|\s[-–]\s+)(?:(?:Cơ quan|Đơn vị|Cơ quan, đơn vị)\s+)?"
                         r"(?P<key>chủ trì(?: thực hiện)?|"
                         r"thực hiện chính|phối hợp(?: thực hiện)?|(?<=Cơ quan )thực hiện|(?<=Đơn vị )thực hiện)"
                         r"\s*:\s*(?P<val>(?:[^;()]|;(?!\s*" + _NEXT_FIELD + r"))+)", re.I)
_OUTPUT_FIELD = re.compile(r"(?:^|[;(]\s*|\.\s+)(?:Sản phẩm(?: đầu ra)?(?: dự kiến)?|Kết quả(?: đầu ra)?"
                           r"(?: dự kiến)?)\s*:\s*(?P<val>[^;()]+)", re.I)
# "(Sở X chủ trì, phối hợp với Y; hoàn thành Quý II/2025)": a task's units in a parenthesis
_PAREN_LEAD = re.compile(r"\((?P<lead>[^()]{3,160}?)\s+chủ trì(?:,?\s+phối hợp(?: với)?\s+(?P<coord>[^();]{3,200}))?"
                         r"\s*(?:[;,][^()]*)?\)")


def task_units(lines: list[str]) -> dict:
    """Lead and coordinating units and outputs a task names in its own text (its fields, or a
    parenthesis "(Sở X chủ trì, phối hợp với …)"); only the keys found."""
    lead: list[str] = []
    coord: list[str] = []
    outputs: list[str] = []
    for line in lines:
        for m in _UNIT_FIELD.finditer(line.strip()):
            units = _split_units(m.group("val").strip(" .,"))
            (coord if m.group("key").lower().startswith("phối hợp") else lead).extend(units)
        for m in _OUTPUT_FIELD.finditer(line.strip()):
            outputs.append(m.group("val").strip(" .,;"))
        for m in _PAREN_LEAD.finditer(line):
            if re.match(r"(?:Cơ quan|Đơn vị|[A-ZĐ])", m.group("lead")) and ":" not in m.group("lead"):
                lead.extend(_split_units(m.group("lead")))
                if m.group("coord"):
                    coord.extend(_split_units(m.group("coord")))
    found: dict = {}
    if lead:
        found["lead_units"] = list(dict.fromkeys(lead))
    if coord:
        found["coordinating_units"] = list(dict.fromkeys(coord))
    if outputs:
        found["outputs"] = "; ".join(outputs)
    return found


def field_deadline(lines: list[str]) -> str | None:
    """The deadline a block task states in its "Thời gian …:" field: a quarter, month or
    day as :func:`find_deadline` reads them, else its (last) year ("2025 - 2030" → Năm 2030)."""
    for line in lines:
        m = _TIME_FIELD.search(line.strip())
        if not m:
            continue
        value = m.group(1)
        found = find_deadline(f"hoàn thành trong {value}") if not re.match(r"^\s*năm\b", value, re.I) \
            else find_deadline(f"trong {value}")
        if found:
            return found
        years = _BARE_YEAR.findall(value)
        if years:
            return f"Năm {years[-1]}"
    return None


def find_deadline(text: str) -> str | None:
    """'Quý I/2026', '4/2025', '30/6/2026' or 'Năm 2026' named by ``text``."""
    found: list[tuple[int, int, str]] = []
    for rank, rx in enumerate((_QUARTER, _MONTH, _DAY, _YEAR)):
        for m in rx.finditer(text):
            if rx is _QUARTER:
                q = m.group(1).upper()
                val = f"Quý {_ROMAN_Q.get(q, q)}/{m.group(2)}"
            elif rx is _MONTH:
                val = f"{int(m.group(1))}/{m.group(2)}"
            elif rx is _DAY:
                val = m.group(1)
            else:
                val = f"Năm {m.group(1)}"
            sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("; ", 0, m.start()))
            done = "hoàn thành" in text[sentence_start + 1:m.start()].lower()
            found.append((0 if done else 1, rank, val))
    if not found:
        return None
    return min(found)[2]


# "1.1. Xây dựng cơ sở dữ liệu. Cơ quan chủ trì: Sở X; thời gian: 2025": the fields are not the title
_INLINE_FIELD = re.compile(r"(?:[.;]\s+|\s+[-–]\s+)(?=(?:Cơ quan|Đơn vị|Chủ trì|Phối hợp|Thời gian|Thời hạn|"
                           r"Tiến độ|Sản phẩm|Kết quả đầu ra)[^.;:]{0,40}:)")


def _title(node: Node, sentence: bool = False) -> str:
    """The task's title; ``sentence``: a one-sentence sub-heading of a list of them, whose title is the whole
    sentence (its ";" joins the parts of one task)."""
    text = _FIELDS_PAREN.sub("", node.text)
    cut = _INLINE_FIELD.search(text)
    if cut and cut.start() > 0:
        text = text[:cut.start()]
    title, _ = split_title(text)
    if not is_heading_shape(text):
        title = re.split(r"(?<=[.;])\s" if not sentence else r"(?<=[.])\s", text, maxsplit=1)[0]
    title = _FIELDS_PAREN.sub("", _POINTER.sub("", title)).strip()
    return title.rstrip(" .;:,").strip()


def extract_tasks(nodes: list[Node], end: int) -> tuple[list[dict], tuple[int, int] | None]:
    """Tasks and the (start, stop) indexes of the tasks section."""
    sec = find_section(nodes, TASK_ROOT, end, exclude=NOT_TASK_ROOT)
    if sec is None:  # a plan without a NHIỆM VỤ section: "II. NỘI DUNG TUYÊN TRUYỀN" holds the work
        sec = find_section(nodes, CONTENT_ROOT, end, exclude=NOT_TASK_ROOT)
    if sec is None:
        return [], None
    root, stop = sec
    tasks: list[dict] = []
    region = nodes[root.index + 1:stop]
    headed = _headed_lists(region)
    for i, n in enumerate(region):
        if not n.numbered or n.kind == "article":
            continue
        if n.kind in ("paren", "letter"):
            if FIELD.match(n.text):  # "a) Cơ quan chủ trì: Sở X" is a field of the task above
                continue
            if not _sub_heading(n) and i not in headed:
                continue
        own = [n.text]
        for m in region[i + 1:]:
            if m.numbered and not (m.kind in ("paren", "letter") and FIELD.match(m.text)):
                break
            own.append(m.text)
        title = _title(n, sentence=i in headed and not _sub_heading(n))
        if not title:
            continue
        deadline = field_deadline(own) or find_deadline(" ".join(own))
        tasks.append({"code": n.code, "title": title, "deadline": deadline, **task_units(own)})
    return tasks, (root.index, stop)


def _sub_heading(n: Node) -> bool:
    """A lettered line that heads a task ("a) Hạ tầng số", "b) Chuyển đổi số trong y tế: …"), not a list item."""
    title, body = split_title(n.text)
    return is_heading_shape(n.text) and (not body or len(title.split()) <= 12)


def _headed_lists(region: list[Node]) -> set[int]:
    """Lettered lists most of whose items head a body of their own (dash bullets under "a) Hoàn thiện thể
    chế …:"): the list is one of sub-headings, so its one-sentence items ("b) Đẩy mạnh công tác tuyên
    truyền …") are sub-headings too."""
    out: set[int] = set()
    groups: list[list[int]] = []
    for i, n in enumerate(region):
        if n.numbered and n.kind in ("paren", "letter") and not FIELD.match(n.text):
            if groups and region[groups[-1][-1]].depth == n.depth and all(
                    not m.numbered or m.depth > n.depth for m in region[groups[-1][-1] + 1:i]):
                groups[-1].append(i)
            else:
                groups.append([i])
    for g in groups:
        heads = [i for i in g if i + 1 < len(region) and not region[i + 1].numbered
                 and region[i + 1].kind in ("bullet", "text")]
        if len(g) >= 3 and len(heads) * 2 > len(g):
            out.update(g)
    return out


_HEADERS = {
    "stt": re.compile(r"^(?:stt|tt|số tt|số thứ tự)$", re.I),
    "title": re.compile(r"nội dung|nhiệm vụ|tên nhiệm vụ|công việc|hoạt động", re.I),
    "lead": re.compile(r"chủ trì", re.I),
    "coord": re.compile(r"phối hợp", re.I),
    "output": re.compile(r"sản phẩm|kết quả", re.I),
    "deadline": re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành", re.I),
}


def _split_units(cell: str) -> list[str]:
    parts = re.split(r"\s*[;\n]\s*|,\s+(?=(?:các\s+)?[A-ZĐ])", cell)
    return [p.strip(" .-") for p in parts if p.strip(" .-")]


def appendix_rows(tables: list[list[list[str]]]) -> list[dict]:
    """Rows of "biểu chi tiết" tables, columns found by header text.

    Each row: group (``PL.I`` for a Roman STT row), stt, title, lead_units,
    coordinating_units, outputs, deadline.
    """
    rows_out: list[dict] = []
    for table in tables:
        if not table:
            continue
        cols: dict[str, int] = {}
        header_at = None
        # a header on one row, or on two or three ("Cơ quan thực hiện" over "Chủ trì | Phối hợp"):
        # the reading that finds most columns wins
        options = [(hi, row) for hi, row in enumerate(table[:3])]
        for last in (1, 2):
            if len(table) > last:
                width = max(len(r) for r in table[:last + 1])
                options.append((last, [" ".join(r[ci] for r in table[:last + 1] if ci < len(r) and r[ci].strip())
                                       for ci in range(width)]))
        for hi, row in options:
            found = {}
            for ci, text in enumerate(row):
                c = text.strip()
                for key, rx in _HEADERS.items():
                    if key not in found and rx.search(c) and (key != "title" or "chủ trì" not in c.lower()):
                        found[key] = ci
                        break
            if "title" in found and ({"lead", "deadline", "coord", "output"} & found.keys()) and \
                    len(found) > len(cols):
                cols, header_at = found, hi
        if header_at is None:
            continue
        group = None
        for row in table[header_at + 1:]:
            def cell(key: str, row: list[str] = row, cols: dict[str, int] = cols) -> str:
                i = cols.get(key)
                return row[i].strip() if i is not None and i < len(row) else ""
            stt, title = cell("stt"), cell("title")
            if not title or re.fullmatch(r"\(?\d+\)?", title):
                continue
            if re.fullmatch(r"[IVXLC]{1,6}\.?", stt):
                group = f"PL.{stt.rstrip('.')}"
            rows_out.append({
                "group": group, "stt": stt, "title": title,
                "is_group": bool(re.fullmatch(r"[IVXLC]{1,6}\.?", stt)),
                "lead_units": _split_units(cell("lead")),
                "coordinating_units": _split_units(cell("coord")),
                "outputs": cell("output") or None,
                "deadline": cell("deadline") or None,
            })
    return rows_out


def appendix_group_tasks(rows: list[dict]) -> list[dict]:
    """Tasks coded PL.I, PL.II … from appendix group rows; an appendix without group rows gives
    one task per row (PL.1, PL.2 …) with its units, output and deadline as the row states them."""
    if any(r["is_group"] for r in rows):
        return [{"code": r["group"], "title": r["title"].rstrip(" .:"), "deadline": None}
                for r in rows if r["is_group"]]
    return [_row_task(r, f"PL.{_stt(r, n)}") for n, r in enumerate(rows, start=1)]


def appendix_subtasks(rows: list[dict]) -> list[dict]:
    """The rows under an appendix's group rows as tasks of their own, coded under their group
    (``PL.I.1``, ``PL.I.2`` …) with the row's units, output and deadline: the plan's tasks where
    its tasks section points to the appendix (the schema's ``tasks`` keep the groups only)."""
    out: list[dict] = []
    count: dict[str, int] = {}
    for r in rows:
        if r["is_group"] or not r["group"]:
            continue
        count[r["group"]] = count.get(r["group"], 0) + 1
        out.append(_row_task(r, f"{r['group']}.{_stt(r, count[r['group']])}"))
    return out


def _stt(row: dict, n: int) -> str:
    return row["stt"].rstrip(".") if re.fullmatch(r"\d{1,3}\.?", row["stt"]) else str(n)


def _row_task(r: dict, code: str) -> dict:
    task = {"code": code, "title": r["title"].rstrip(" .:"),
            "deadline": (field_deadline([f"Thời gian: {r['deadline']}"]) if r["deadline"] else None)}
    for key in ("lead_units", "coordinating_units"):
        if r[key]:
            task[key] = r[key]
    if r["outputs"]:
        task["outputs"] = r["outputs"]
    return task


def carried_assignments(assignments: list[dict], tasks: list[dict], rows: list[dict]) -> list[dict]:
    """When the implementation section names no unit, the units that lead a task (its block
    fields, or an appendix row): one "chủ trì" assignment each, its duties the tasks it leads.

    Where the section does name its bodies, it is the plan's own list of who does what (the
    schema's assignments) and the leads stay on their tasks (``lead_units``): adding them there
    too gave a body twice under two readings (three plans written for this, tests/data/heldout)."""
    if assignments:
        return []
    named: set[str] = set()
    led: dict[str, list[str]] = {}
    for item in [*tasks, *(r for r in rows if not r["is_group"])]:
        for unit in item.get("lead_units") or []:
            key = re.sub(r"\s+", " ", unit).lower()
            if key in named or not re.match(r"[A-ZĐÂÊÔƠƯ]", unit) or len(unit.split()) > 18:
                continue
            title = item["title"].rstrip(" .:")
            when = item.get("deadline")
            led.setdefault(unit, []).append(f"{title} ({when})" if when else title)
    out = []
    for unit, titles in led.items():
        duties = "chủ trì: " + "; ".join(titles)
        out.append({"unit": unit, "role": "chủ trì",
                    "duties": duties if len(duties) <= 240 else duties[:240].rsplit(" ", 1)[0] + " …"})
    return out
