"""Targets: the commitments under the plan's specific-target headings.

Scope: the MỤC TIÊU / CHỈ TIÊU section minus its general parts ("Mục tiêu
chung/tổng quát", "Tầm nhìn", "Quan điểm", "Định hướng") and its prose (a
paragraph in no list, without a figure, over :data:`PROSE` characters). One
target per sentence; a sentence is split at ";" only when two or more clauses
carry a quantity, and at the commas of a list of counts ("100 X, 50 Y và 20 Z").
Labels ("- Về hạ tầng số:", "2.1. Bố trí nguồn kinh phí:") are
dropped and give context (area, stage year). Baseline figures are skipped.
"""

from __future__ import annotations

import re

from .areas import heading_area, subject_area
from .numbers import read_quantity
from .outline import Node, is_heading_shape, split_title
from .target_tables import NUMBER_CELL, appendix_targets, table_targets

__all__ = ["NUMBER_CELL", "appendix_targets", "table_targets", "extract_targets", "find_target_scope",
           "points_to_appendix", "stage_lines", "split_counts", "split_outcomes", "split_sentences"]


ROOT = re.compile(r"mục tiêu|chỉ tiêu", re.I)
NOT_ROOT = re.compile(r"nhiệm vụ|giải pháp|tổ chức thực hiện|mục đích", re.I)
GENERAL = re.compile(r"^(?:\d\W*)?(?:các\s+)?(?:mục tiêu chung|mục tiêu tổng quát|mục tiêu tổng thể|"
                     r"tầm nhìn|quan điểm|định hướng|mục tiêu dài hạn)", re.I)
_BARE_AIM = re.compile(r"^(?:các\s+)?mục tiêu\s*$", re.I)
# "I. TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU NĂM 2023", "Kết quả thực hiện các chỉ tiêu": a review of what was done
# (a yearly plan opens with last year's), not what the plan commits to
REVIEW = re.compile(r"^(?:đánh giá\s+)?(?:tình hình|kết quả)\s+(?:thực hiện|đạt được|triển khai)\b|^đánh giá\b",
                    re.I)
# "I. MỤC TIÊU VÀ YÊU CẦU" / "2. Yêu cầu": the requirements (and the purpose) of the plan beside its
# targets are how it is carried out, not what it commits to
_REQUIREMENTS = re.compile(
    r"^(?:\d\W*)?(?:các\s+)?(?:yêu cầu|mục đích)(?:\s*(?:,|và)\s*(?:yêu cầu|mục đích))*\s*[:.]?$", re.I)
_INDICATORS = re.compile(r"^(?:các\s+|một số\s+)?chỉ tiêu", re.I)
OTHER_SECTION = re.compile(r"^(?:các\s+)?(?:nhiệm vụ|giải pháp|tổ chức thực hiện|kinh phí|lộ trình)",
                           re.I)
# "Duy trì và nâng cao các nội dung … đã đạt được kết quả": keeping what was achieved is a commitment
_KEEP = re.compile(r"^(?:Tiếp tục\s+)?(?:duy trì|giữ vững|phát huy)\b", re.I)
_BASELINE = re.compile(r"(?<![Tt]hực )(?<![Tt]hể )\b(?:hiện có|hiện nay|hiện đang|đến nay đã|"
                       r"tính đến nay|năm 20\d\d đã đạt|"
                       r"đã đạt được|so với cùng kỳ)\b", re.I)
_ABBREV = re.compile(r"(?:\b(?:TP|Tp|TS|ThS|PGS|GS|St|Th|v\.v|tr|No)|\b[A-ZĐ])$")
_SENT_YEAR = re.compile(r"(?:đến|vào|trong|hết|trước|tới|năm)\s+(?:hết\s+)?(?:năm\s+)?(20[2-9]\d)\b"
                        r"(?!\s*[-–]\s*20)", re.I)
# "so với năm 2025", "so với cùng kỳ năm 2024": a baseline, never the target's year
_COMPARED = re.compile(r"so với\s+(?:cùng kỳ\s+|mức\s+)?(?:(?:cuối\s+)?năm\s+|(?:cả\s+)?giai đoạn\s+)?20\d\d"
                       r"(?:\s*[-–—]\s*20\d\d)?", re.I)
# a stage named in the target's own sentence ("- Giai đoạn 2025 - 2027: tỷ lệ … đạt 80%"): its end year
_SENT_STAGE = re.compile(r"giai đoạn\s+20\d\d\s*[-–—]\s*(20\d\d)\b", re.I)
# a year opening the sentence holds for each of its pieces ("Đến năm 2028, A …; B …")
_LEAD_YEAR = re.compile(r"(?:Phấn đấu\s+)?(?:đến|tới|trong|vào|hết)\s+(?:hết\s+)?năm\s+(20\d\d)\b", re.I)
# "Giai đoạn 2025-2027", also a numbered stage with its years in parentheses ("Giai đoạn 1 (2026 - 2028)")
_STAGE = re.compile(r"giai đoạn\s+(?:\d{1,2}\s*\(\s*)?20\d\d\s*[-–—]\s*(20\d\d)|"
                    r"(?:đến|tới|hết)\s+(?:hết\s+)?năm\s+(20\d\d)"
                    r"|năm\s+(20\d\d)", re.I)
PROSE = 200  # characters: a target is a line of a list; an unlisted paragraph this long is prose
_CLEAN_LEAD = re.compile(r"^(?:[\s\-–+•●▪*]|[.:](?=\s))+")  # "(1). Thu ngân sách": the label's dot too
# "Các chỉ tiêu cụ thể tại Biểu số 01 kèm theo": the targets live in an appendix table
POINTER = re.compile(r"(?:tại|theo|trong|ở)\s+(?:các\s+)?(?:Phụ lục|phụ lục|Biểu|biểu|Bảng|bảng)\b"
                     r"[^.;]{0,80}?(?:kèm theo|đính kèm|gửi kèm)|^(?:\(?\s*)?(?:Chi tiết|Có|Theo)\s+"
                     r"(?:tại\s+)?(?:Phụ lục|Biểu|phụ lục|biểu)[^.;]{0,60}kèm theo", re.I)


def clean(text: str) -> str:
    """Collapse spaces; drop bullets and stray emphasis."""
    return re.sub(r"\s+", " ", _CLEAN_LEAD.sub("", text)).strip()


def split_sentences(text: str) -> list[str]:
    """Split at '. ' (or '!', '?') before an upper-case letter or a digit,
    ignoring abbreviations and dots inside parentheses."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ".!?" and depth == 0 and i + 2 < len(text) and text[i + 1] == " ":
            nxt = text[i + 2]
            if (nxt.isupper() or nxt.isdigit() or nxt in "“\"") and not _ABBREV.search(text[start:i]):
                out.append(text[start:i + 1].strip())
                start = i + 2
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


# a comma-separated piece that is a count of its own: "…, 50 tổ chức trung gian", "…, 20% hộ"
_COUNT_PIECE = re.compile(r"^(?:(?:và|cùng)\s+)?(?:(?:ít nhất|tối thiểu|khoảng|trên|hơn|từ)\s+)?"
                          r"\d[\d.,]*(?!\s*[/-]\s*\d)\s*(?:%\s+|[a-zà-ỹđ])", re.I)


_AGAINST = re.compile(r"\bso\s+(?:với|cùng kỳ)\b", re.I)  # "…, tăng 30% so với năm 2025": a baseline, not a piece


_BREAKDOWN_LIST = re.compile(r",?\s+(?:trong đó|bao gồm|gồm)\s*:", re.I)


def _outside_parentheses(sentence: str) -> list[str]:
    """The sentence split at ", " where no parenthesis is open ("58,9% (66/112 thôn, tăng thêm 20 thôn)"
    is one piece: a figure in parentheses details its outcome)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth <= 0 and sentence[i + 1:i + 2] == " ":
            parts.append(sentence[start:i])
            start = i + 2
    parts.append(sentence[start:])
    return [p for p in (x.strip() for x in parts) if p]


# "… tăng trung bình 16 - 18%/năm, tỉ lệ khai thác thương mại đạt 8 - 10%": a piece naming its own measure
# with its own figure, after a figure, is another outcome
_MEASURE_PIECE = re.compile(r"^(?:tỉ lệ|tỷ lệ|số lượng|tổng số|chỉ số|mức)\s+\w+.*?\s(?:đạt|tăng|giảm|chiếm|"
                            r"duy trì|ở mức)\s", re.I)


def split_counts(sentence: str) -> list[str]:
    """"Có ít nhất 100 doanh nghiệp, 50 tổ chức trung gian và 20 trung tâm": several counts
    listed after one verb are several targets. Split at the commas (and a last "và") whose
    piece opens with a number and a word, once the first piece holds a count; a piece that
    does not open with a number stays with the one before it."""
    if read_quantity(sentence).value is None or "," not in sentence:
        return [sentence]
    parts = _outside_parentheses(sentence)
    if len(parts) > 2 and re.fullmatch(r"(?:Trong đó|Cụ thể|Theo đó|Đồng thời)", parts[0], re.I):
        parts = [f"{parts[0]}, {parts[1]}", *parts[2:]]  # a connective opening the sentence goes with its first piece
    # "A chiếm 52%, B chiếm 43%, C chiếm 5%": each piece names its own outcome; a breakdown
    # ("…, trong đó nông thôn 70%") stays with its whole
    if len(parts) > 1 and all(read_quantity(x).value is not None and len(x.split()) >= 2 for x in parts) \
            and not any(re.match(r"(?:trong đó|riêng|bao gồm|gồm)\b", x, re.I) or _AGAINST.search(x)
                        for x in parts[1:]):
        return parts
    # pieces and, between them, what joined them; never inside parentheses
    split = re.split(r"(,\s+(?![^()]*\))|\s+và\s+(?=\d)(?![^()]*\)))", sentence)
    pieces: list[str] = []
    counted = False  # the first piece holds a count ("Đến năm 2030, có 100 doanh nghiệp")
    for k in range(0, len(split), 2):
        part, joint = split[k], split[k - 1] if k else ""
        if counted and (_COUNT_PIECE.match(part) or (_MEASURE_PIECE.match(part)
                                                     and read_quantity(part).value is not None)):
            pieces.append(re.sub(r"^(?:và|cùng)\s+", "", part))
        elif pieces:
            pieces[-1] = f"{pieces[-1]}{joint}{part}"
        else:
            pieces.append(part)
        counted = counted or read_quantity(pieces[0]).value is not None
    return pieces if len(pieces) > 1 else [sentence]


def split_outcomes(sentence: str) -> list[str]:
    """Split a sentence at ';' when at least two clauses are quantified (a clause without
    a number stays with the one before it), then each clause into its listed counts
    (:func:`split_counts`)."""
    parts = list(re.split(r";\s+", sentence))
    # "… đạt 16%, trong đó: A tăng 6%; B tăng 18,4%": the list a breakdown opens is its whole's
    opened = next((k for k, p in enumerate(parts) if _BREAKDOWN_LIST.search(p)), None)
    if opened is not None and read_quantity(_BREAKDOWN_LIST.split(parts[opened], 1)[0]).value is not None:
        parts = parts[:opened] + ["; ".join(parts[opened:])]
    if len(parts) < 2:
        return split_counts(sentence)
    quantified = [read_quantity(p).value is not None for p in parts]
    if sum(quantified) < 2:
        return split_counts(sentence)
    groups: list[list[str]] = []
    for part, q in zip(parts, quantified, strict=True):
        if q or not groups:
            groups.append([part])
        else:
            groups[-1].append(part)
    return [piece for g in groups for piece in split_counts("; ".join(g).strip())]


def _stage_year(text: str) -> int | None:
    m = _STAGE.search(text)
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def _bare_aim(node: Node) -> bool:
    """A heading that is only "Mục tiêu" ("I. MỤC TIÊU", "1. Mục tiêu")."""
    return bool(_BARE_AIM.match(split_title(node.text)[0]))


# "MỤC TIÊU TỔNG QUÁT VÀ CÁC CHỈ TIÊU CHỦ YẾU GIAI ĐOẠN 2020 - 2025": the general aims and the
# indicators under one heading, which then holds the specific list too
_AND_INDICATORS = re.compile(r"(?:\bvà|,)\s+(?:các\s+|một số\s+)?(?:chỉ tiêu|mục tiêu cụ thể)", re.I)


def general_title(title: str) -> bool:
    """A title naming only the general aims, vision or viewpoints, not the specific targets."""
    return bool(GENERAL.search(title)) and not _AND_INDICATORS.search(title)


def _general(node: Node, siblings: list[Node]) -> bool:
    """General aims: "Mục tiêu chung/tổng quát", or a bare "Mục tiêu" beside a
    "Chỉ tiêu" sibling (then the chỉ tiêu are the specific list)."""
    title = split_title(node.text)[0]
    if general_title(title) or _REQUIREMENTS.match(title):
        return True
    return _bare_aim(node) and any(s is not node and s.depth == node.depth and _INDICATORS.match(
        split_title(s.text)[0]) for s in siblings)


# "I. Về kinh tế (11 chỉ tiêu)": a sector's count of its indicators, not the targets section's name
_TERMINAL_END = re.compile(r"[.;:!?…)\]\"”']\s*$")
_COUNTED = re.compile(r"\(\s*\d{1,3}\s+(?:chỉ tiêu|mục tiêu)\s*\)", re.I)


def find_target_scope(nodes: list[Node], end: int) -> tuple[Node, int] | None:
    """The MỤC TIÊU section: shallowest heading naming targets that is not general."""
    cands = [n for n in nodes[:end] if n.numbered and n.kind != "article"
             and is_heading_shape(n.text) and ROOT.search(_COUNTED.sub("", split_title(n.text)[0]))
             and not NOT_ROOT.search(split_title(n.text)[0]) and not REVIEW.match(split_title(n.text)[0])
             and not _under_tasks(nodes, n)]
    if not cands:
        return _unnumbered_scope(nodes, end) or _combined_scope(nodes, end)
    root = min(cands, key=lambda n: (n.depth, n.index))
    tops = [n for n in cands if n.depth == root.depth]
    if _general(root, tops):
        specific = [n for n in tops if not _general(n, tops) and n.index > root.index]
        if not specific:
            return None
        root = specific[0]
    stop = end
    for n in nodes[root.index + 1:end]:
        title = split_title(n.text)[0]
        if (n.numbered and n.depth <= root.depth) or n.kind == "article" or (
                n.numbered and is_heading_shape(n.text) and OTHER_SECTION.search(title)
                and not ROOT.search(title)):
            stop = n.index
            break
    return root, stop


def _under_tasks(nodes: list[Node], node: Node) -> bool:
    """A heading inside the tasks section ("II. NHIỆM VỤ VÀ GIẢI PHÁP" / "đ) Đẩy nhanh … với mục tiêu:"):
    a task that names its aim, not the targets section."""
    depth = node.depth
    for m in reversed(nodes[:node.index]):
        if not m.numbered or m.depth >= depth:
            continue
        depth = m.depth
        title = split_title(m.text)[0]
        if is_heading_shape(m.text) and OTHER_SECTION.search(title) and not ROOT.search(title):
            return True
        if depth <= 1:
            break
    return False


# "Các chỉ tiêu chủ yếu (nhiệm kỳ 2020-2025)", "* Các chỉ tiêu chủ yếu đến năm 2025:": a targets heading
# without a number, as ward and commune pages write them
_UNNUMBERED_ROOT = re.compile(r"^(?:các\s+|một số\s+)?(?:chỉ tiêu|mục tiêu)\s+(?:cụ thể|chủ yếu|chính|"
                              r"trọng tâm|phấn đấu|đến|giai đoạn|nhiệm kỳ|năm|\()", re.I)


def _unnumbered_scope(nodes: list[Node], end: int) -> tuple[Node, int] | None:
    """The targets section of a plan that numbers no heading of it: an unnumbered line naming its
    specific targets, over a list (its next line a numbered item or a bullet), up to the next
    unnumbered heading naming another part or the next heading at its level or above."""
    for j, n in enumerate(nodes[:end]):
        if n.kind not in ("text", "bullet") or not is_heading_shape(n.text) or not _UNNUMBERED_ROOT.match(n.text):
            continue
        nxt = nodes[j + 1] if j + 1 < end else None
        if nxt is None or not (nxt.numbered or nxt.kind == "bullet"):
            continue
        stop = end
        for m in nodes[j + 1:end]:
            title = split_title(m.text)[0]
            if (m.numbered and m.depth <= n.depth) or m.kind == "article" or (
                    not m.numbered and m.kind != "row" and is_heading_shape(m.text)
                    and (GENERAL.search(title) or OTHER_SECTION.search(title))):
                stop = m.index
                break
        return n, stop
    return None


def stage_lines(nodes: list[Node], root: Node, stop: int) -> list[str]:
    """The lines of the targets section that name a stage, for the plan's period: its numbered
    target headings ("a) Mục tiêu đến năm 2027"), stage labels written as list items ("- Giai đoạn
    2026 - 2030:", "Đến hết năm 2040:") and the year opening a target ("Đến năm 2045, …"). A vision
    ("Tầm nhìn đến năm 2045") is not a stage."""
    out = []
    for n in nodes[root.index:stop]:
        title = split_title(n.text)[0]
        if general_title(title):
            continue
        if n is root and ROOT.search(n.text) or n.numbered and ROOT.search(n.text) and is_heading_shape(n.text):
            # "2. Mục tiêu cụ thể đến năm 2027" names a stage; "2. Xác định nhiệm vụ … để đạt mục tiêu …
            # vào năm 2030." is a target sentence that mentions its aim, not a heading
            out.append(n.text)
        elif n.numbered and is_heading_shape(n.text) and len(title) <= 80 and _stage_year(title):
            out.append(n.text)  # "1. Đến năm 2030", "a) Giai đoạn 2026 - 2030": a stage heading of its own
        elif n.kind in ("bullet", "text") and (m := _LEAD_YEAR.match(clean(n.text))) is not None:
            out.append(m.group(0))
        elif n.kind in ("bullet", "text") and n.text.rstrip().endswith(":") and len(n.text) <= 80 \
                and _stage_year(n.text):
            out.append(n.text)
    return out


def _combined(node: Node) -> bool:
    """A heading naming the targets together with the tasks ("PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ")."""
    title = split_title(node.text)[0]
    return bool(ROOT.search(title) and NOT_ROOT.search(title))


def _combined_scope(nodes: list[Node], end: int) -> tuple[Node, int] | None:
    """Where no heading names the targets alone, the first numbered heading naming them before the
    tasks ("I. PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ CHỦ YẾU"); only its quantified items are targets."""
    for n in nodes[:end]:
        title = split_title(n.text)[0]
        if n.numbered and n.kind != "article" and is_heading_shape(n.text) and _combined(n) and (
                ROOT.search(title).start() < NOT_ROOT.search(title).start()):  # type: ignore[union-attr]  # both found
            stop = next((m.index for m in nodes[n.index + 1:end] if (m.numbered and m.depth <= n.depth)
                         or m.kind == "article"), end)
            return n, stop
    return None


def extract_targets(nodes: list[Node], end: int, period_end: int | None) -> list[dict]:
    """Targets in plan-schema form (see module docstring)."""
    scope = find_target_scope(nodes, end)
    if scope is None:
        return []
    root, stop = scope
    combined = _combined(root)  # a section of targets and tasks: only quantified items are targets
    region = nodes[root.index + 1:stop]
    child_depth = root.depth + 1
    children = [n for n in region if n.numbered and n.depth == child_depth]
    has_general = any(_general(n, children) for n in children)
    targets: list[dict] = []
    skip_depth: int | None = None
    in_child = False
    label = stage = ""
    in_table: set[int] = set()
    prose = False  # the last paragraph read was prose
    for j, n in enumerate(region):
        if n.index in in_table:
            continue
        if n.kind != "text":
            prose = False
        elif read_quantity(n.text).value is None and len(n.text) > PROSE:
            prose = True
            continue
        if n.kind == "row" and skip_depth is None and not (has_general and not in_child):
            run = _row_run(region, j)
            found = table_targets([_cells(m.raw) for m in run], n.code, period_end)
            if found is not None:  # a table of targets in the section itself
                targets.extend(found)
                in_table.update(m.index for m in run)
                continue
        if n.numbered and skip_depth is not None and n.depth <= skip_depth:
            skip_depth = None
        if n.numbered and n.depth == child_depth:
            in_child = True
            if _general(n, children):
                skip_depth = n.depth
        elif n.numbered and n.depth > child_depth and skip_depth is None \
                and general_title(split_title(n.text)[0]) and is_heading_shape(n.text):
            skip_depth = n.depth  # a vision under the specific targets ("b) Tầm nhìn đến 2045"): not a list
        if skip_depth is not None or (has_general and not in_child):
            continue
        text = n.text
        # the text ends inside the list, mid-item ("6. Huy đ"): a copy cut short, its last item kept as cut
        cut = n.index == len(nodes) - 1 and stop >= len(nodes) and not _TERMINAL_END.search(text) \
            and bool(targets) and nodes[n.index - 1].kind == n.kind  # after items of its list already read
        if n.numbered:
            label = stage = ""
            title, body = split_title(text)
            if is_heading_shape(text) and not body and not cut:
                continue
            if body and (len(title.split()) <= 12) and not indicator_line(title, body):
                label, text = title, body
        elif n.kind in ("bullet", "text"):
            title, body = split_title(text)
            if text.rstrip().endswith(":") or (
                    re.match(r"^Về\b", text) and is_heading_shape(text) and not body) or \
                    _sub_heading(n, region[j + 1] if j + 1 < len(region) else None):
                label = text.rstrip(": ")
                if _stage_year(label):
                    stage = label
                elif stage:  # a sector under a stage ("- Giai đoạn 2025 - 2030:" / "Kinh tế số")
                    label = f"{label}; {stage}"
                continue
            if body and re.match(r"^Về\b", title):
                label, text = title, body
        elif n.kind == "row":
            text = _row_text(n.raw)
            if not text:
                continue
        if n.kind == "text" and read_quantity(text).value is None and prose:
            continue  # a paragraph of prose (no figure, in no list, over PROSE characters) is the plan's
            # aims, not a target; a paragraph without a figure that follows prose continues it
        for sentence in split_sentences(clean(text)):
            if (_BASELINE.search(sentence) and not _KEEP.match(sentence)) or (len(sentence) < 8 and not cut) \
                    or POINTER.search(sentence):
                continue
            for piece in split_outcomes(sentence):
                if combined and read_quantity(piece).value is None:
                    continue
                targets.append(_target(piece, n, root, label, period_end, sentence))
    return targets


# "10% trở lên", "trên 20%", "từ 90%", "04 trường": a body that is only the figure of its title
_FIGURE_BODY = re.compile(r"^(?:(?:trên|dưới|từ|đạt|tối thiểu|tối đa|ít nhất|khoảng|≥|≤|>|<)\s*)?\d", re.I)
# "Đảng bộ xã hàng năm đạt: hoàn thành tốt nhiệm vụ": a title ending in its verb is half a sentence
_VERB_END = re.compile(r"\b(?:đạt|là|chiếm|có|còn|giảm|tăng)$", re.I)


# "Tỷ trọng cơ cấu kinh tế: Dịch vụ chiếm 40%": a title naming a measure is the indicator's name
_INDICATOR_NAME = re.compile(r"^(?:Tỷ lệ|Tỉ lệ|Tỷ trọng|Tỉ trọng|Số lượng|Số|Chỉ số|Thu nhập|Tốc độ|Giá trị|Tổng)\s",
                             re.I)


def indicator_line(title: str, body: str) -> bool:
    """An indicator written "Tên chỉ tiêu: giá trị" ("Tỷ lệ lao động qua đào tạo: trên 20%"): its name
    is the target's subject, not a label to drop. A "Về …" sector label stays a label."""
    if re.match(r"^Về\b", title):
        return False
    return bool(_FIGURE_BODY.match(body) or _VERB_END.search(title) or _INDICATOR_NAME.match(title))


def _sub_heading(n: Node, nxt: Node | None) -> bool:
    """A sector's name on its own line over the list of its targets ("Kinh tế số" / "+ Tỷ trọng
    …"): short, no figure, no end punctuation, and the next line is an item of a list (a bullet
    of another mark than its own, or a numbered item)."""
    text = n.text.strip()
    if nxt is None or not text or len(text) > 80 or len(text.split()) > 10 or re.search(r"[.;,!?…]$", text):
        return False
    if read_quantity(text).value is not None or re.search(r"\d", text):
        return False
    if nxt.kind == "bullet":
        return n.kind == "text" or nxt.bullet != n.bullet
    return nxt.numbered and n.kind == "text"


def _row_run(region: list[Node], j: int) -> list[Node]:
    run = []
    for m in region[j:]:
        if m.kind != "row":
            break
        run.append(m)
    return run


def _row_text(raw: str) -> str:
    cells = [c.strip() for c in raw.strip().strip("|").split("|")]
    texts = [c for c in cells if re.search(r"[^\W\d_]{2,}", c)]
    if not texts:
        return ""
    best = max(texts, key=len)
    if re.fullmatch(r"(?i)(stt|tt|nội dung|chỉ tiêu|mục tiêu|tên chỉ tiêu|nhiệm vụ)", best.strip()):
        return ""
    return best


def _target(text: str, node: Node, root: Node, label: str, period_end: int | None,
            own_text: str | None = None) -> dict:
    """One target; ``own_text`` is the whole sentence a split piece came from (a year opening
    it holds for every piece that names none itself: "Đến năm 2028, A đạt 100%; B đạt 95%")."""
    q = read_quantity(text)
    inner = [t for k, _, t in node.path[root.depth:] if k != "article"]
    if node.numbered and inner:
        inner = inner[:-1] + ([split_title(node.text)[0]] if label else [])
    contexts = list(reversed(inner + ([label] if label else [])))
    area = next((a for h in contexts if (a := heading_area(h))), None) or subject_area(text)
    year = None
    own = _COMPARED.sub("", text)
    m = _SENT_YEAR.search(own) or _LEAD_YEAR.match(own_text or "") or _SENT_STAGE.search(own)
    if m:
        year = int(m.group(1))
    else:
        year = next((y for h in contexts if (y := _stage_year(h))), None) or \
            _stage_year(split_title(root.text)[0]) or period_end
    return {
        "text": text,
        "section": node.code,
        "area": area,
        "value": q.value,
        "value_max": q.value_max,
        "unit": q.unit,
        "comparator": q.comparator,
        "deadline_year": year,
    }


def points_to_appendix(nodes: list[Node], end: int) -> Node | None:
    """The node of the targets section that refers the reader to an appendix table."""
    scope = find_target_scope(nodes, end)
    if scope is None:
        return None
    root, stop = scope
    return next((n for n in nodes[root.index:stop] if POINTER.search(n.text)), None)


def _cells(raw: str) -> list[str]:
    return [c.strip() for c in raw.strip().strip("|").split("|")]
