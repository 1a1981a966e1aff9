"""The demo's unit tree: the national layer, 34 provinces, and a real Lai Châu.

Lai Châu is loaded as it is after 1 July 2025 (38 communes) together with the units
it replaced (8 districts, 106 old communes, with their codes and successors), so a
plan of the abolished Huyện ủy Tam Đường stays attached to it. Everything here comes
from public lists (demo/data/dvhc-2025); the offices and villages of the seeds'
communes are the standard set every commune has since the reorganisation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from theodoi.demo.data import read_csv
from theodoi.domain.text import slugify_vi
from theodoi.tenancy.models import Unit, UnitAlias, UnitCode, UnitKind

REFORM = dt.date(2025, 7, 1)
LAST_OLD_DAY = dt.date(2025, 6, 30)
# The communes of the seed plans: they get offices, villages and people.
SEED_COMMUNES = ("03466", "03390", "03549")  # Bum Nưa, Bình Lư, Phong Thổ
COMMUNE_OFFICES = [
    ("van-phong", "Văn phòng HĐND và UBND", UnitKind.OFFICE, ["Văn phòng HĐND - UBND", "Văn phòng"]),
    ("vhxh", "Phòng Văn hóa - Xã hội", UnitKind.OFFICE, ["Phòng VH-XH", "Phòng Văn hóa – Xã hội"]),
    ("kinh-te", "Phòng Kinh tế", UnitKind.OFFICE, []),
    ("cong-an", "Công an xã", UnitKind.OFFICE, []),
    ("dvth", "Trung tâm Dịch vụ tổng hợp", UnitKind.OFFICE, []),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam xã", UnitKind.FRONT,
     ["Ủy ban MTTQ Việt Nam xã", "Mặt trận Tổ quốc xã"]),
    ("to-cnscd", "Tổ công nghệ số cộng đồng", UnitKind.DIGITAL_TEAM, []),
    ("bcd", "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06",
     UnitKind.STEERING, ["Ban Chỉ đạo"]),
]
PROVINCIAL_AGENCIES = [
    ("so-khcn", "Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở Khoa học và Công nghệ tỉnh Lai Châu"]),
    ("thanh-tra", "Thanh tra tỉnh", ["Thanh tra tỉnh Lai Châu"]),
    ("so-tai-chinh", "Sở Tài chính", []),
    ("so-noi-vu", "Sở Nội vụ", []),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh", []),
    ("trung-tam-phuc-vu-hcc", "Trung tâm Phục vụ hành chính công tỉnh", []),
]


def _put(slug: str, name: str, kind: str, parent: Unit | None = None, *, aliases=(), **fields) -> Unit:
    """Create or update one unit by slug, with its aliases (idempotent)."""
    unit = Unit.objects.filter(slug=slug).first() or Unit(slug=slug)
    unit.name, unit.kind, unit.parent = name, kind, parent
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.save()
    for alias in aliases:
        if alias and alias != name:
            UnitAlias.objects.get_or_create(unit=unit, name=alias)
    return unit


def _code(unit: Unit, code: str, start: dt.date | None, end: dt.date | None = None) -> None:
    UnitCode.objects.update_or_create(scheme="gso", code=code, valid_from=start,
                                      defaults={"unit": unit, "valid_to": end})


def load_national() -> dict[str, Unit]:
    nation = _put("trung-uong", "Trung ương", UnitKind.NATION)
    return {
        "nation": nation,
        "bch-tw": _put("bch-trung-uong", "Ban Chấp hành Trung ương Đảng", UnitKind.NATION, nation,
                       aliases=["Bộ Chính trị", "Ban Chấp hành Trung ương"], short_name="BCH Trung ương"),
        "chinh-phu": _put("chinh-phu", "Chính phủ", UnitKind.NATION, nation),
        "bo-khcn": _put("bo-khcn", "Bộ Khoa học và Công nghệ", UnitKind.MINISTRY, nation,
                        aliases=["Bộ KH&CN"]),
    }


def load_provinces() -> dict[str, Unit]:
    out = {}
    for row in read_csv("dvhc-2025", "provinces.csv"):
        unit = _put(slugify_vi(row["full_name"]), row["full_name"], UnitKind.PROVINCE,
                    short_name=row["name"], admin_type=row["type"], valid_from=REFORM,
                    aliases=[row["name"]])
        _code(unit, row["code"], REFORM)
        out[row["code"]] = unit
    return out


def load_lai_chau(province: Unit) -> dict[str, Unit]:
    """Lai Châu's 38 communes, its agencies, and the 8 districts and 106 units before 1/7/2025."""
    communes: dict[str, Unit] = {}
    for row in read_csv("dvhc-2025", "communes.csv"):
        if row["province_code"] != "12":
            continue
        unit = _put(f"{row['type'][:1] == 'p' and 'phuong' or 'xa'}-{slugify_vi(row['name'])}",
                    row["full_name"], UnitKind.COMMUNE, province, short_name=row["name"],
                    admin_type=row["type"], valid_from=REFORM,
                    aliases=[f"UBND {row['full_name'][0].lower()}{row['full_name'][1:]}",
                             f"Ủy ban nhân dân {row['full_name'][0].lower()}{row['full_name'][1:]}",
                             # how a commune's own plans name it: resolved near the issuer
                             f"UBND {row['type']}", f"Ủy ban nhân dân {row['type']}"])
        _code(unit, row["code"], REFORM)
        communes[row["code"]] = unit
        party_name = f"Đảng ủy {row['full_name'][0].lower()}{row['full_name'][1:]}"
        _put(f"{unit.slug}-dang-uy", party_name, UnitKind.PARTY, unit, valid_from=REFORM,
             short_name="Đảng ủy", aliases=[party_name.replace("ủy", "uỷ")])
    for slug, name, aliases in PROVINCIAL_AGENCIES:
        _put(f"lai-chau-{slug}", name, UnitKind.AGENCY, province, aliases=aliases)
    party = _put("lai-chau-tinh-uy", "Tỉnh ủy Lai Châu", UnitKind.PARTY, province,
                 aliases=["Tỉnh uỷ Lai Châu", "Ban Thường vụ Tỉnh ủy"])
    del party
    _load_old_units(province, communes)
    return communes


def _load_old_units(province: Unit, communes: dict[str, Unit]) -> None:
    """The districts and communes abolished on 1/7/2025, each with its successor."""
    successors_of_district: dict[str, set[int]] = defaultdict(set)
    districts: dict[str, Unit] = {}
    for row in read_csv("dvhc-2025", "lai-chau-merger.csv"):
        dcode, dname = row["old_district_code"], row["old_district_name"]
        if dcode not in districts:
            districts[dcode] = _put(f"cu-{slugify_vi(dname)}", dname, UnitKind.DISTRICT, province,
                                    admin_type=dname.split()[0].lower(), valid_to=LAST_OLD_DAY,
                                    notes="Đơn vị cấp huyện, kết thúc hoạt động từ 01/7/2025.")
            _code(districts[dcode], dcode, None, LAST_OLD_DAY)
        new = communes[row["new_code"]]
        aliases = [row["old_name_in_resolution"]] if row["old_name_in_resolution"] != row["old_name"] else []
        old = _put(f"cu-{slugify_vi(dname)}-{slugify_vi(row['old_name'])}", row["old_name"], UnitKind.COMMUNE,
                   districts[dcode], admin_type=row["old_type"], valid_to=LAST_OLD_DAY, aliases=aliases,
                   notes=f"Sáp nhập vào {new.name} ({row['resolution_clause']}).")
        _code(old, row["old_code"], None, LAST_OLD_DAY)
        old.successors.add(new)
        successors_of_district[dcode].add(new.pk)
    for dcode, district in districts.items():
        district.successors.set(successors_of_district[dcode])
        short = district.name.split(" ", 1)[1] if " " in district.name else district.name
        committee = _put(f"{district.slug}-huyen-uy", f"Huyện ủy {short}", UnitKind.PARTY, district,
                         valid_to=LAST_OLD_DAY, aliases=[f"Huyện uỷ {short}"])
        committee.successors.set(
            Unit.objects.filter(parent_id__in=successors_of_district[dcode], kind=UnitKind.PARTY)
        )


def load_commune_offices(commune: Unit, villages: int = 4) -> dict[str, Unit]:
    """The standard offices of a commune after the reorganisation, and a few villages."""
    out = {}
    for key, name, kind, aliases in COMMUNE_OFFICES:
        out[key] = _put(f"{commune.slug}-{key}", name, kind, commune, valid_from=REFORM, aliases=aliases)
    party = Unit.objects.get(slug=f"{commune.slug}-dang-uy")
    out["ban-xdd"] = _put(f"{commune.slug}-ban-xay-dung-dang", "Ban Xây dựng Đảng", UnitKind.PARTY, party)
    out["ubkt"] = _put(f"{commune.slug}-ubkt-dang-uy", "Ủy ban Kiểm tra Đảng ủy", UnitKind.PARTY, party,
                       aliases=["Ủy ban Kiểm tra Đảng uỷ"])
    for i in range(1, villages + 1):
        out[f"ban-{i}"] = _put(f"{commune.slug}-ban-{i}", f"Bản {i}", UnitKind.VILLAGE, commune,
                               notes="Tên thôn, bản minh họa trong dữ liệu mẫu.")
    return out


def load_enterprises(province: Unit) -> None:
    _put("lai-chau-vnpt", "VNPT Lai Châu", UnitKind.ENTERPRISE, province, aliases=["VNPT"])
    _put("lai-chau-viettel", "Viettel Lai Châu", UnitKind.ENTERPRISE, province, aliases=["Viettel"])


def load_all() -> dict[str, Unit]:
    """Load every demo unit; returns the ones other loaders need, by role."""
    national = load_national()
    provinces = load_provinces()
    lai_chau = provinces["12"]
    communes = load_lai_chau(lai_chau)
    load_enterprises(lai_chau)
    out = {**national, "lai-chau": lai_chau}
    for code in SEED_COMMUNES:
        commune = communes[code]
        out[commune.slug] = commune
        for key, unit in load_commune_offices(commune).items():
            out[f"{commune.slug}/{key}"] = unit
    return out
