"""Parse paragraphs into an outline: markers, outline codes and sections.

Markers recognised: Roman "II." (also "II-", "Phần II.", "Phần thứ hai."), Arabic "2.", "2.2.", "2)", named
numbers "Nhiệm vụ 1:" / "Giải pháp 2." (coded as Arabic "1", "2"),
"(1)", lettered "a)"/"a."/"(a)", upper-case "A.", bullets "-", "+", "•",
"Điều 1.", and table rows "| … |". Each numbered paragraph replaces the
stack entry of its own kind (or is pushed), so codes follow the document's
own numbering: "II.2.2.(1)", "III.8.a". Nothing here knows any place name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "Phần II. MỤC TIÊU" is a Roman heading whose code is "II"
_ROMAN = re.compile(r"^(?:(?:Phần|PHẦN)\s+)?(?P<label>[IVXLC]{1,6})\s*[.\-–:)/]\s*(?P<rest>\S.*)$")
# "Phần thứ hai. MỤC TIÊU" / "PHẦN THỨ BA: NHIỆM VỤ": an ordinal word is the part's Roman number
_ORDINALS = {"nhất": "I", "hai": "II", "ba": "III", "tư": "IV", "bốn": "IV", "năm": "V", "sáu": "VI",
             "bảy": "VII", "tám": "VIII", "chín": "IX", "mười": "X"}
# The ordinal may be glued to "thứ" ("PHẦN THỨTƯ"): a PDF whose fallback font drew "Ứ" in a box that
# covers the word space loses the space in its text layer; only the ordinal words are read so.
_ORDINAL_WORD = r"(?:\s+\w+|\s*(?i:nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười)\b)"
_PART_ORDINAL = re.compile(r"^(?:Phần|PHẦN)\s+(?:thứ|THỨ)(?P<word>" + _ORDINAL_WORD + r")\s*[.\-–:]\s*(?P<rest>\S.*)$")
# a part heading alone on its line ("PHẦN THỨ HAI", "PHẦN I"): its title is the next paragraph
BARE_PART = re.compile(r"^(?:Phần|PHẦN)\s+(?:(?:thứ|THỨ)" + _ORDINAL_WORD + r"|[IVX]{1,5})\s*[.:]?$")
_UPPER = re.compile(r"^(?P<label>[A-ZĐ])[.)]\s+(?P<rest>[A-ZĐÀ-Ỹ].*)$")
# "80 %." (a figure wrapped to its own line) is no item numbered 80
_ARABIC = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,4})(?:[.)]\s*|\s+)(?P<rest>(?![%‰])\S.*)$")
# "Nhiệm vụ 1: Hoàn thiện hạ tầng" — a named number is an Arabic heading; the text after it is the title
_NAMED = re.compile(r"^(?:Nhiệm vụ|NHIỆM VỤ|Giải pháp|GIẢI PHÁP|Nội dung|NỘI DUNG|Hoạt động|HOẠT ĐỘNG)"
                    r"\s+(?:số\s+)?(?P<label>\d{1,2})\s*[:.\-–]\s*(?P<rest>\S.*)$")
_PAREN = re.compile(r"^\((?P<label>\d{1,2})\)\s*(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?:\((?P<l1>[a-zđ])\)|(?P<l2>[a-zđ])[).])\s*(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?P<label>[-–+•●▪◦○*])\s*(?P<rest>.*)$")
_ARTICLE = re.compile(r"^(?P<label>Điều\s+\d{1,2})\s*[.:]?\s*(?P<rest>.*)$")
_END_BODY = re.compile(r"^(?:Nơi nhận|NƠI NHẬN|Trên đây là|TRÊN ĐÂY LÀ)")
_APPENDIX = re.compile(r"^(?:PHỤ LỤC|Phụ lục|BIỂU\b|Biểu chi tiết|BIỂU CHI TIẾT|DANH MỤC)")
_TERMINAL = re.compile(r"[.;!?…]['\"”)]?$")
_NUMBERED = ("roman", "upper", "arabic", "paren", "letter", "article")


@dataclass
class Node:
    """One paragraph with its marker and the outline stack it stands under."""

    index: int
    text: str               # paragraph without its marker
    raw: str                # paragraph as read
    kind: str               # roman|upper|arabic|paren|letter|bullet|article|row|text
    label: str = ""
    path: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, text)
    bullet: str = ""

    @property
    def numbered(self) -> bool:
        return self.kind in _NUMBERED

    @property
    def code(self) -> str:
        """Outline code of the innermost numbered heading (Điều not included)."""
        labels = []
        for i, (kind, label, _) in enumerate(self.path):
            if kind == "article":
                continue
            nxt = self.path[i + 1][0] if i + 1 < len(self.path) else ""
            if kind.startswith("arabic") and nxt.startswith("arabic"):
                continue  # "2" is part of "2.2"
            labels.append(label)
        return ".".join(labels)

    @property
    def depth(self) -> int:
        return len(self.path)


def split_title(text: str) -> tuple[str, str]:
    """Split 'Title: body' at the first colon followed by text; else (text, '')."""
    m = re.match(r"^(.{3,200}?):\s+(\S.*)$", text)
    if m and not re.search(r"\d$", m.group(1)):
        return m.group(1).strip(), m.group(2).strip()
    return text.rstrip(":").strip(), ""


def is_heading_shape(text: str) -> bool:
    """A heading: short, no terminal punctuation (or a 'Title: body' line)."""
    title, body = split_title(text)
    if body:
        return len(title) <= 200
    return len(text) <= 260 and not _TERMINAL.search(text) and ". " not in text[:-1]


def classify(raw: str) -> tuple[str, str, str, str]:
    """(kind, label, text, bullet char) of one paragraph."""
    if raw.startswith("|"):
        return "row", "", raw, ""
    m = _ARTICLE.match(raw)
    if m:
        return "article", re.sub(r"\s+", " ", m.group("label")), m.group("rest"), ""
    m = _PART_ORDINAL.match(raw)
    if m and m.group("word").strip().lower() in _ORDINALS:
        return "roman", _ORDINALS[m.group("word").strip().lower()], m.group("rest"), ""
    m = _ROMAN.match(raw)
    # a lone "C." or "L." follows "A.", "B." (no plan has a hundredth or fiftieth section)
    if m and not re.match(r"^[IVXLC]+\s*/", raw) and m.group("label") not in ("C", "L"):
        return "roman", m.group("label"), m.group("rest"), ""
    m = _NAMED.match(raw)
    if m:
        return "arabic", m.group("label"), m.group("rest"), ""
    m = _ARABIC.match(raw)
    if m and ("." in raw[:len(m.group("label")) + 1] or ")" in raw[:len(m.group("label")) + 1]):
        rest = m.group("rest")
        # "1. 100% văn bản …" is item 1; "1.000 doanh nghiệp" and "2.5%" are numbers
        marker_then_space = re.match(r"^\d{1,2}(?:\.\d{1,2}){0,4}[.)]\s", raw)
        if not re.match(r"^(?:%|\d)", rest) or (marker_then_space and not rest.startswith("%")):
            return "arabic", m.group("label"), rest, ""
    m = _PAREN.match(raw)
    if m:
        return "paren", f"({m.group('label')})", m.group("rest"), ""
    m = _LETTER.match(raw)
    if m:
        return "letter", m.group("l1") or m.group("l2"), m.group("rest"), ""
    m = _UPPER.match(raw)
    if m and len(raw) < 200:
        return "upper", m.group("label"), m.group("rest"), ""
    m = _BULLET.match(raw)
    if m and (raw[1:2] == " " or raw[0] not in "-*"):
        return "bullet", "", m.group("rest").strip(), raw[0]
    return "text", "", raw, ""


def parse_outline(paragraphs: list[str]) -> list[Node]:
    """Nodes for every paragraph, each carrying the numbered-heading stack."""
    nodes: list[Node] = []
    stack: list[tuple[str, str, str]] = []
    for i, raw in enumerate(paragraphs):
        kind, label, text, bullet = classify(raw)
        if kind == "article":
            stack = [("article", label, text)]
        elif kind in ("roman", "upper"):
            keep = [s for s in stack if s[0] == "article"]
            if kind == "roman":
                pos = next((j for j, s in enumerate(stack) if s[0] == "upper"), None)
                if pos is not None:
                    keep = stack[:pos + 1]
            stack = keep + [(kind, label, text)]
        elif kind == "arabic":
            parts = label.split(".")
            pos = next((j for j, s in enumerate(stack) if s[0].startswith("arabic")), None)
            if pos is not None:
                keep = stack[:pos]
                old = [s for s in stack[pos:] if s[0].startswith("arabic")]
            else:
                keep, old = stack, []
            chain = []
            for k in range(1, len(parts) + 1):
                sub = ".".join(parts[:k])
                prev = next((s for s in old if s[0] == f"arabic{k}" and s[1] == sub), None)
                chain.append(prev or (f"arabic{k}", sub, text if k == len(parts) else ""))
            chain[-1] = (f"arabic{len(parts)}", label, text)
            stack = keep + chain
        elif kind in ("paren", "letter"):
            pos = next((j for j, s in enumerate(stack) if s[0] == kind), None)
            if pos is not None:
                stack = stack[:pos]
            stack = stack + [(kind, label, text)]
        nodes.append(Node(i, text, raw, kind, label, list(stack), bullet))
    return nodes


_ATTACHED_HEAD = re.compile(r"^(?:KẾ HOẠCH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN)\b")
_ATTACHED_CAPTION = re.compile(r"^\(?\s*(?:được\s+)?(?:ban hành\s+)?kèm theo\s+(?:Quyết định|Nghị quyết|"
                               r"Công văn|Chỉ thị)", re.I)


def attached_start(paragraphs: list[str]) -> int:
    """Where a plan issued by an enclosing decision begins ("KẾ HOẠCH" then
    "(Ban hành kèm theo Quyết định số …)" after the decision's signature), else 0."""
    for i, p in enumerate(paragraphs):
        if i > 5 and _ATTACHED_HEAD.match(p.strip()) and \
                any(_ATTACHED_CAPTION.match(q.strip()) for q in paragraphs[i + 1:i + 5]):
            return i
    return 0


def body_end(nodes: list[Node], start: int = 0) -> int:
    """Index where the plan body ends (closing formula, 'Nơi nhận', appendix);
    markers before ``start`` (a decision's own closing) do not count."""
    for n in nodes:
        if n.index > max(5, start) and (_END_BODY.match(n.raw) or _APPENDIX.match(n.raw)):
            return n.index
    return len(nodes)


def find_section(nodes: list[Node], pattern: re.Pattern[str], end: int,
                 exclude: re.Pattern[str] | None = None) -> tuple[Node, int] | None:
    """The shallowest numbered heading whose title matches ``pattern`` and its
    end index (next heading at the same or a shallower depth)."""
    best: Node | None = None
    for n in nodes[:end]:
        if not n.numbered or n.kind == "article":
            continue
        title = split_title(n.text)[0]
        if pattern.search(title) and not (exclude and exclude.search(title)) \
                and is_heading_shape(n.text) and (best is None or n.depth < best.depth):
            best = n
    if best is None:
        return None
    return best, section_end(nodes, best, end)


def find_article_section(nodes: list[Node], pattern: re.Pattern[str], end: int) -> tuple[Node, int] | None:
    """An article whose title names the section ("Điều 2. Tổ chức thực hiện") and
    that holds numbered items of its own, with its end (the next article). A
    one-paragraph article ("Điều 3. … chịu trách nhiệm thi hành") is a clause, not
    a section."""
    for n in nodes[:end]:
        if n.kind != "article" or not pattern.search(split_title(n.text)[0]) \
                or not is_heading_shape(n.text) or split_title(n.text)[1]:
            continue
        nxt = nodes[n.index + 1] if n.index + 1 < end else None
        if nxt is not None and nxt.numbered and nxt.kind != "article" and nxt.depth > n.depth:
            return n, section_end(nodes, n, end)
    return None


def section_end(nodes: list[Node], best: Node, end: int) -> int:
    """Index of the next heading at the same or a shallower depth (or the next article)."""
    stop = end
    for n in nodes[best.index + 1:end]:
        if (n.numbered and n.depth <= best.depth) or (n.kind == "article" and n.depth == 1):
            stop = n.index
            break
    return stop
