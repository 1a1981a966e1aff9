"""Vietnamese number and date formats; name keys and folding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from theodoi.domain.numbers import (
    date_line_vi,
    format_date_vi,
    format_money_vnd,
    format_number,
    format_percent,
    parse_number,
)
from theodoi.domain.text import fold, loose_key, name_key, normalise_tones, slugify_vi


@pytest.mark.parametrize(("text", "value"), [
    ("1.234,5", Decimal("1234.5")), ("3.000", Decimal(3000)), ("0,623", Decimal("0.623")),
    ("1.5", Decimal("1.5")), ("1234", Decimal(1234)), ("1,234.5", Decimal("1234.5")),
    ("45%", Decimal(45)), (" 12 ", Decimal(12)), ("-3,5", Decimal("-3.5")), (7, Decimal(7)),
    ("1.234.567", Decimal(1234567)),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "1..2", "1,2,3,4", "NaN", "Infinity", "1e5"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_blank_is_none():
    assert parse_number("") is None and parse_number(None) is None


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("1234.5"), "1.234,5"), (1234567, "1.234.567"), (Decimal("12.50"), "12,5"),
    (Decimal("3.00"), "3"), (0, "0"), (Decimal("-1234.567"), "-1.234,57"), (Decimal("-0.001"), "0"),
])
def test_format_number(value, text):
    assert format_number(value) == text


def test_other_formats():
    assert format_percent(Decimal("45.55")) == "45,6%"
    assert format_money_vnd(50_000_000) == "50.000.000 đồng"
    assert format_date_vi(dt.date(2026, 10, 5)) == "05/10/2026"
    assert date_line_vi("Bình Lư", dt.date(2026, 2, 5)) == "Bình Lư, ngày 05 tháng 02 năm 2026"
    assert date_line_vi("Bình Lư", dt.date(2026, 11, 22)) == "Bình Lư, ngày 22 tháng 11 năm 2026"


def test_fold_and_keys():
    assert fold("Chuyển đổi số ĐỔI MỚI") == "chuyen doi so doi moi"
    assert name_key("Huyện uỷ  Tam Đường") == name_key("Huyện ủy Tam Đường") == "huyện ủy tam đường"
    assert name_key("Bum Nưa") != name_key("Bum Nua")
    assert loose_key("UBND xã Bum Nưa") == loose_key("UBND xã Bum Nua") == "ubnd xa bum nua"
    assert name_key("Phòng Văn hóa - Xã hội") == name_key("Phòng Văn hoá – Xã hội")


def test_tone_placement_only_at_syllable_end():
    assert normalise_tones("hoà thuỷ toàn khuyến") == "hòa thủy toàn khuyến"


def test_slugify():
    assert slugify_vi("Phòng Văn hóa - Xã hội") == "phong-van-hoa-xa-hoi"
    assert slugify_vi("Đảng ủy xã Bình Lư") == "dang-uy-xa-binh-lu"


def test_a_body_is_named_with_its_place_as_documents_write_it():
    from theodoi.domain.text import level_word, of_area, of_place, place_name

    assert of_place("Công an xã", "Xã Bình Lư") == "Công an xã Bình Lư"
    assert of_place("Trung tâm Dịch vụ tổng hợp", "Xã Bum Nưa") == "Trung tâm Dịch vụ tổng hợp xã Bum Nưa"
    assert of_place("Ủy ban Mặt trận Tổ quốc Việt Nam phường", "Phường Tân Phong") == \
        "Ủy ban Mặt trận Tổ quốc Việt Nam phường Tân Phong"
    assert of_place("Ủy ban Kiểm tra Đảng ủy", "Đảng ủy xã Bình Lư") == "Ủy ban Kiểm tra Đảng ủy xã Bình Lư"
    assert of_place("Văn phòng Sở", "Sở Nội vụ") == "Văn phòng Sở Nội vụ"
    assert of_place("Tổ giúp việc", "Ban Chỉ đạo") == "Tổ giúp việc (Ban Chỉ đạo)"
    assert of_area("Xã Bình Lư", "Huyện Tam Đường") == "Xã Bình Lư, huyện Tam Đường"
    assert level_word("Thành phố Lai Châu") == "thành phố" and place_name("Thành phố Lai Châu") == "Lai Châu"
    assert level_word("Sở Nội vụ") == "" and place_name("Sở Nội vụ") == "Sở Nội vụ"
