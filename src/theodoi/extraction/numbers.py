"""Read the quantity a target commits to: value, range end, unit, comparator.

Rules (plan-schema): a percentage is the outcome before any count; numbers that
only qualify the subject (4G/5G, 1Gb/s, 3D, "15 tuổi", "cấp độ 3", years,
dates, document numbers) are skipped; "1 - 2 sản phẩm" is a range; comparator
words are read in the few words before the number ("trên" beats "phấn đấu").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d+\.\d+"
# a number glued to a money or measure unit ("596tỷđ", "12km") is still a number; "4G", "3D" are not
_NUMBER = re.compile(rf"(?<![\w/.,\-–])({NUM})(?!(?!tỷ|triệu|trđ|km\b|ha\b)[\w/]|\.\d|-\w|–\w)")
# "1 - 2 sản phẩm", "16 - 18%", also with the sign on both ends ("30% - 40%")
_RANGE = re.compile(rf"(?<![\w/.,])({NUM})(?:\s*%(?=\s*(?:-|–|—)\s*(?:{NUM})\s*%))?\s*(?:-|–|—|đến|tới)\s*({NUM})"
                    rf"(?![\w/])(\s*%)?")
_PERCENT_AFTER = re.compile(r"^\s*%")
_FRACTION = re.compile(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(?![\w/%.,-])(?=\s+[a-zà-ỹđ])")
_QUALIFIER_AFTER = re.compile(
    r"^\s*(?:tuổi|G\b|Gb|Mb|Gbps|Mbps|D\b|sao\b|chiều|lần thứ|\.0\b)", re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?:cấp độ|mức độ|cấp|lớp|khóa|khoá|nghị quyết|quyết định|đề án|chương trình|số|điều|"
    r"khoản|quý|tháng|ngày|năm|giai đoạn|phiên bản|version|tiêu chuẩn|TCVN|ISO|mục|phụ lục|"
    r"công nghiệp|web|IPv|lần thứ)\s*$",
    re.IGNORECASE,
)
_RANK_BEFORE = re.compile(r"(?:\btop|\btốp|nhóm|thứ|xếp hạng)\s*$", re.IGNORECASE)
_CMP_WORDS = [
    ("<=", re.compile(r"(?:không vượt quá|không quá|tối đa|dưới|thấp hơn|"
                      r"giảm\s+(?:xuống\s+)?còn|giảm\s+xuống(?:\s+mức)?|\bcòn|"
                      r"≤|<=|nhỏ hơn|ít hơn)\s*$", re.IGNORECASE)),
    (">", re.compile(r"(?:trên|vượt|hơn|>|cao hơn|lớn hơn|nhiều hơn)\s*$", re.IGNORECASE)),
    (">=", re.compile(r"(?:không (?:dưới|thấp hơn|ít hơn|nhỏ hơn)|đạt|tối thiểu|ít nhất|từ|≥|>=|"
                      r"phấn đấu|đạt mức|đạt tỷ lệ|đạt tỉ lệ|"
                      r"bình quân|khoảng|trung bình)\s*$", re.IGNORECASE)),
]
_CREATE_BEFORE = re.compile(r"(?:xây dựng|thành lập|hình thành|ban hành|đưa vào vận hành|"
                            r"triển khai|có|duy trì)\s*$", re.IGNORECASE)
_RATIO_WORDS = re.compile(r"\b(?:tỷ lệ|tỉ lệ)\b", re.IGNORECASE)
_INDEX_WORDS = re.compile(r"\bchỉ số\b|\b(?:HDI|PCI|PAPI|PAR|SIPAS|DTI|GII|ICT)\b", re.IGNORECASE)

# Counted nouns, longest first; the first that starts the text after a number wins.
UNIT_NOUNS = sorted(
    """người trên một vạn dân|người trên 1 vạn dân|người/vạn dân|tỷ đồng|triệu đồng|nghìn tỷ đồng|
    sản phẩm|mô hình|nền tảng|sáng kiến|doanh nghiệp|hợp tác xã|người|hộ gia đình|hộ|xã|phường|
    thôn|bản|tổ|trạm|điểm|cơ sở dữ liệu|cơ sở|nhiệm vụ|đề tài|dự án|tổ chức|lớp|cuộc|lượt|
    học sinh|sinh viên|trường|chương trình|hệ thống|ứng dụng|dịch vụ|sáng chế|bằng sáng chế|
    bài báo|công bố|chuyên gia|trung tâm|khu|vườn ươm|thủ tục|văn bản|hồ sơ|tài khoản|thiết bị|
    phòng thí nghiệm|giải pháp|công nghệ|tiêu chuẩn|quy chuẩn|đơn vị|cơ quan|sự kiện|hội thảo|
    khóa đào tạo|khoá đào tạo|lớp tập huấn|cán bộ|công chức|viên chức|nhà khoa học|tỉnh|huyện|
    km|ha|MW|GB|TB|Mbps|Gbps|giờ|ngày|tháng|năm|lần|điểm số|bậc|hạng|nước|quốc gia|thương hiệu|
    nhãn hiệu|văn bằng|đề án|kế hoạch|cơ chế|chính sách|startup|dòng sản phẩm|tuyến|camera|
    trạm BTS|doanh nghiệp khởi nghiệp|đại sứ số|đồng|ngày làm việc|giờ làm việc|giống cây trồng|
    giống vật nuôi|hộ kinh doanh|tổ dân phố|khu dân cư|bộ|ngành|địa phương|nhà đầu tư|thuê bao|
    tiến sĩ|thạc sĩ|bác sĩ|giường bệnh|nhà máy|khu công nghiệp|cụm công nghiệp|khu công nghệ cao|
    khu công nghệ thông tin tập trung|lượt người|lượt truy cập|sàn thương mại điện tử|điểm truy cập|trạm y tế|
    đường hẻm|
    đoạn đường|công trình|tác phẩm|sản phẩm OCOP""".replace("\n", "").split("|"),
    key=len, reverse=True,
)
_UNIT_RE = re.compile(
    r"^\s*[“\"(]?(" + "|".join(re.escape(u.strip()) for u in UNIT_NOUNS if u.strip()) + r")(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Administrative nouns written as a pair ("20 bộ, ngành", "xã, phường"): the pair is the unit
_ADMIN = ("bộ", "ngành", "sở", "ban", "xã", "phường", "thị trấn", "thôn", "bản", "làng", "tổ dân phố",
          "cơ quan", "đơn vị", "địa phương", "huyện", "tỉnh", "thành phố", "khu dân cư")
_PAIR = re.compile(r"^\s*,\s*(" + "|".join(sorted(_ADMIN, key=len, reverse=True)) + r")(?!\w)")
_MODIFIERS = {"số", "mới", "có", "được", "trên", "đã", "các", "của", "và", "tại", "đạt", "trở",
              "cho", "trong", "là", "với", "về", "để", "thuộc", "này", "đó", "sẽ"}


_BASELINE_CHANGE = re.compile(r"^\s*%?\s*(?:so với|so)\s", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"(?:tăng|giảm|gấp)\s*$", re.IGNORECASE)


def _in_parentheses(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


@dataclass
class Quantity:
    value: float | int | None = None
    value_max: float | int | None = None
    unit: str | None = None
    comparator: str | None = None


def parse_number(s: str) -> float | int:
    """'3.000' → 3000, '0,623' → 0.623, '1.5' → 1.5, '01' → 1."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", ".")
    val = float(s)
    return int(val) if val.is_integer() else val


# a time word before a percentage does not make it a date: "tăng hằng năm 1,05%", "mỗi năm 5%"
_TIME_BEFORE = re.compile(r"(?:năm|tháng|quý)\s*$", re.IGNORECASE)


def _skip(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 25):start], text[end:end + 12]
    raw = text[start:end]
    if _QUALIFIER_AFTER.match(after):
        return True
    if _QUALIFIER_BEFORE.search(before) and not (_PERCENT_AFTER.match(after) and _TIME_BEFORE.search(before)):
        return True
    if re.fullmatch(r"(19|20|21)\d\d", raw) and not _PERCENT_AFTER.match(after):
        return True
    return bool(re.match(r"^\s*[-–/]\s*[A-ZĐ]", after))


# "12 người/vạn dân", "10 cán bộ nghiên cứu trên một vạn dân": a rate's unit is the whole rate
_PER_POPULATION = re.compile(r"^((?:\s+[^\W\d_]+){0,3}?)\s*(?:/|trên)\s*(?:một|1|01)?\s*(?:vạn|nghìn|triệu|"
                             r"10\.000|100\.000)\s+dân\b", re.IGNORECASE)
# "3 triệu thuê bao", "2 nghìn hộ": a multiplier word counts with the noun after it
_MULTIPLIER = re.compile(r"^\s*(nghìn|ngàn|triệu|tỷ|vạn)\b", re.IGNORECASE)


def _unit_after(after: str, known_only: bool = False) -> str | None:
    """The counted noun as written: a rate per population whole ("người trên một vạn dân"), a
    multiplier with its noun ("triệu thuê bao"), a known noun (longest first), a pair of
    administrative nouns kept with its comma, else the next one or two words."""
    head = _UNIT_RE.match(after)
    noun = re.match(r"\s*([^\W\d_]+)", after)
    if head or (noun and noun.group(1)[0].islower() and noun.group(1).lower() not in _MODIFIERS):
        start = head.end() if head else noun.end() if noun else 0
        rate = _PER_POPULATION.match(after[start:])
        if rate:
            return re.sub(r"\s+", " ", after[:start + rate.end()].strip())
    mult = _MULTIPLIER.match(after)
    if mult and not _UNIT_RE.match(after):  # "tỷ đồng" is a known noun; "triệu thuê bao" is a count of the noun
        rest = _unit_after(after[mult.end():], known_only)
        return f"{mult.group(1)} {rest}" if rest else None
    m = _UNIT_RE.match(after)
    if m:
        unit = m.group(1)
        pair = _PAIR.match(after[m.end():])
        if pair and unit.lower() in _ADMIN:
            return f"{unit}, {pair.group(1)}"
        return unit
    if known_only:
        return None
    m = re.match(r"\s*([^\W\d_]+)(?:( )([^\W\d_]+))?", after[:40])
    if not m or m.group(1).lower() in _MODIFIERS or not m.group(1)[0].islower():
        return None
    second = m.group(3)
    if second and second.lower() not in _MODIFIERS and second[0].islower():
        return f"{m.group(1)} {second}"
    return m.group(1)


def _comparator(before: str, default: str) -> str:
    before = before[-30:]
    best: tuple[int, str] | None = None
    for op, rx in _CMP_WORDS:
        m = rx.search(before.rstrip(" :“\"("))
        # every pattern ends at the number: the longest match is the most specific
        # ("không dưới" over "dưới")
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), op)
    return best[1] if best else default


comparator_before = _comparator  # public name for table cells ("≥ 90", "tối thiểu 5")


def read_quantity(text: str) -> Quantity:
    """The target's quantity (all None when it names no number)."""
    for m in _RANGE.finditer(text):
        if _skip(text, m.start(1), m.end(2)) or "/" in text[m.start():m.end()]:
            continue
        if not m.group(3) and all(re.fullmatch(r"(?:19|20|21)\d\d", g) for g in (m.group(1), m.group(2))):
            continue  # "thời kỳ 2021-2025": a span of years, not a range of the outcome
        lo, hi = parse_number(m.group(1)), parse_number(m.group(2))
        if hi <= lo:
            continue
        unit = "%" if m.group(3) else _unit_after(text[m.end():])
        return Quantity(lo, hi, unit, ">=")
    frac = _FRACTION.search(text)
    if frac and not _skip(text, frac.start(1), frac.start(1)) and not re.search(r"ngày\s*$", text[:frac.start()]) \
            and not (_in_parentheses(text, frac.start()) and _NUMBER.search(text[:frac.start()])):
        # "04/09 thôn, làng": so many of the whole, the count is the first number
        unit = _unit_after(text[frac.end():])
        if unit:
            return Quantity(parse_number(frac.group(1)), None, unit, _comparator(text[:frac.start()], ">="))
    found = []
    for m in _NUMBER.finditer(text):
        if _skip(text, m.start(1), m.end(1)):
            continue
        found.append(m)
    if not found:
        return Quantity()
    # "(5 năm): 1.085 tỷ đồng": a figure in parentheses qualifies when another stands outside them
    outside = [m for m in found if not _in_parentheses(text, m.start())]
    found = outside or found
    # "60 doanh nghiệp, tăng 42,9% so với năm 2015": a change against a baseline is not the outcome
    compared = [m for m in found if _BASELINE_CHANGE.match(text[m.end():]) and _CHANGE_BEFORE.search(text[:m.start()])]
    found = [m for m in found if m not in compared] or found
    percent = [m for m in found if _PERCENT_AFTER.match(text[m.end():])]
    m = percent[0] if percent else found[0]
    before, after = text[:m.start()], text[m.end():]
    value = parse_number(m.group(1))
    if percent:
        return Quantity(value, None, "%", _comparator(before, ">="))
    if _RANK_BEFORE.search(before[-12:]):
        unit = _unit_after(after, known_only=True)  # "top 10 cả nước": a rank, not a noun
        return Quantity(value, None, unit if unit and unit != "tỉnh" else "thứ hạng", "<=")
    unit = _unit_after(after)
    if unit is None:
        if _INDEX_WORDS.search(text):
            unit = "index"
        elif _RATIO_WORDS.search(text):
            unit = "%"
    default = ">="
    if unit not in (None, "%", "index") and (
            re.fullmatch(r"0\d", m.group(1)) and _CREATE_BEFORE.search(before[-25:])):
        default = "="
    return Quantity(value, None, unit, _comparator(before, default))
