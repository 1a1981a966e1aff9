"""Pure rules of reports: combining figures, and the administrative frame."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from theodoi.domain import aggregate as agg
from theodoi.reporting import layout

MAY, JUNE = dt.date(2026, 5, 14), dt.date(2026, 6, 14)


def f(unit, end, value=None, num=None, den=None):
    return agg.Figure(unit, end, None if value is None else D(value), None if num is None else D(num),
                      None if den is None else D(den))


def test_ratio_is_sum_of_parts_not_mean_of_percentages():
    c = agg.across_units([f(1, MAY, num=10, den=20), f(2, MAY, num=90, den=300)], "average", ratio=True)
    assert (c.numerator, c.denominator, c.value) == (D(100), D(320), D("31.25"))


def test_values_follow_declared_aggregation():
    figs = [f(1, MAY, 4), f(2, MAY, 6)]
    assert agg.across_units(figs, "sum", False).value == 10
    assert agg.across_units(figs, "average", False).value == 5
    assert agg.across_units(figs, "min", False).value == 4
    assert agg.across_units(figs, "none", False).value is None
    assert agg.across_units(figs[:1], "none", False).value == 4


def test_none_gives_the_one_figure_the_units_agree_on():
    """"Không tổng hợp": units' figures are never added; units that give the same figure give it
    (two units each reporting 0 give 0), units that differ give none."""
    assert agg.across_units([f(1, MAY, 0), f(2, MAY, 0)], "none", False).value == 0
    assert agg.across_units([f(1, MAY, "2.0"), f(2, MAY, 2)], "none", False).value == 2
    assert agg.across_units([f(1, MAY, 0), f(2, MAY, 3)], "none", False).value is None


def test_standing_shows_the_figure_of_the_day_not_an_older_point_of_the_series():
    """Where the series has no point now, the figure now is none, and the status has nothing to judge."""
    none = agg.Rule("last", "none")
    figs = [f(1, MAY, 5), f(1, JUNE, 0), f(2, JUNE, 3)]
    st = agg.standing(figs, none, JUNE)
    assert st.series == ((MAY, D(5)),) and st.value is None and st.as_of is None and st.judged == ()
    agreed = agg.standing([f(1, MAY, 5), f(1, JUNE, 0), f(2, JUNE, 0)], none, JUNE)
    assert agreed.value == 0 and agreed.as_of == JUNE and agreed.judged[-1] == (JUNE, D(0))
    dec, jan = dt.date(2025, 12, 14), dt.date(2026, 1, 5)
    summed = agg.standing([f(1, dec, 5)], agg.Rule("sum", "sum"), jan)  # a new reporting year, nothing yet
    assert summed.value is None and summed.series == ((dec, D(5)),) and summed.judged == ()


def test_over_time_last_and_sum():
    figs = [f(1, MAY, 3), f(1, JUNE, 5)]
    assert agg.over_time(figs, "last").value == 5
    assert agg.over_time(figs, "cumulative").value == 5
    assert agg.over_time(figs, "sum").value == 8
    assert agg.over_time(figs, "sum", since=JUNE).value == 5


def test_combine_stops_at_period_end_and_builds_series():
    figs = [f(1, MAY, num=1, den=4), f(1, JUNE, num=3, den=4), f(2, MAY, num=1, den=4)]
    c = agg.combine(figs, end=MAY, since=None, time_how="last", unit_how="sum", ratio=True)
    assert c.value == 25
    s = agg.series_to(figs, agg.Rule("last", "sum", ratio=True), JUNE)
    assert s == [(MAY, D(25)), (JUNE, D(50))]


def test_a_unit_that_skips_a_month_still_counts_with_its_latest_figure():
    """Page and report agree: June's value of two communes when one sent nothing in June."""
    figs = [f(1, MAY, 10), f(2, MAY, 20), f(1, JUNE, 30)]
    assert agg.value_at(figs, agg.Rule("last", "sum"), JUNE).value == 50
    assert agg.series_to(figs, agg.Rule("last", "sum"), JUNE) == [(MAY, D(30)), (JUNE, D(50))]


def test_sum_over_time_restarts_with_the_reporting_year():
    dec, jan = dt.date(2025, 12, 14), dt.date(2026, 1, 14)  # 15/12/2025 opens reporting year 2026
    figs = [f(1, dec, 5), f(1, jan, 2)]
    assert agg.value_at(figs, agg.Rule("sum", "sum"), jan).value == 2
    assert agg.value_at(figs, agg.Rule("sum", "sum"), dec).value == 5


def test_state_frame_of_commune_and_agency():
    commune = layout.frame_for(layout.UnitInfo("Xã Bình Lư", "commune", "Tỉnh Lai Châu", "province", "Tỉnh Lai Châu"))
    assert commune.issuing_body == ["ỦY BAN NHÂN DÂN", "XÃ BÌNH LƯ"] and commune.symbol == "BC-UBND"
    assert commune.place == "Bình Lư" and commune.recipients[0] == "UBND tỉnh Lai Châu (b/c);"
    agency = layout.frame_for(layout.UnitInfo("Sở Khoa học và Công nghệ", "agency", "Tỉnh Lai Châu", "province",
                                              "Tỉnh Lai Châu"))
    assert agency.parent_body == "UBND TỈNH LAI CHÂU" and agency.symbol == "BC-SKHCN"
    assert layout.number_line(commune, "12") == "Số: 12/BC-UBND"
    assert layout.number_line(commune, "1") == "Số: 01/BC-UBND"  # Decree 30: a leading zero below 10


def test_party_frame_and_signature():
    party = layout.frame_for(layout.UnitInfo("Đảng ủy xã Bum Nưa", "party", "Xã Bum Nưa", "commune",
                                             "Tỉnh Lai Châu", "Xã Bum Nưa")).as_dict()
    assert party["parent_body"] == "ĐẢNG BỘ TỈNH LAI CHÂU" and party["issuing_body"] == ["ĐẢNG ỦY XÃ BUM NƯA"]
    assert layout.number_line(party, "12") == "Số 12-BC/ĐU"
    assert layout.signature_lines(party, "TM", "Phó Bí thư") == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]


def test_state_signature_modes():
    frame = layout.frame_for(layout.UnitInfo("Xã A", "commune")).as_dict()
    assert layout.signature_lines(frame, "TM", "Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert layout.signature_lines(frame, "TM", "Phó Chủ tịch") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                                   "PHÓ CHỦ TỊCH"]
    assert layout.signature_lines(frame, "TL", "Chánh Văn phòng") == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]


def test_signature_prints_the_post_not_the_body():
    commune = layout.frame_for(layout.UnitInfo("Xã A", "commune")).as_dict()
    assert layout.signature_lines(commune, "TM", "Chủ tịch UBND xã") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert layout.signature_lines(commune, "TM", "Phó Chủ tịch UBND xã") == [
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    office = layout.frame_for(layout.UnitInfo("Phòng Văn hóa - Xã hội", "office", "Xã A", "commune")).as_dict()
    assert layout.signature_lines(office, "", "Trưởng Phòng Văn hóa - Xã hội") == ["TRƯỞNG PHÒNG"]
    assert layout.signature_lines(office, "", "") == ["TRƯỞNG PHÒNG"]
    assert layout.signing_title(commune, "Chủ tịchxyz") == "CHỦ TỊCHXYZ"  # not a prefix of a word


def test_targets_comment_counts_each_status():
    from theodoi.reporting.draft import _targets_comment

    rows = [{"status_code": c} for c in ("dat", "dat", "nguy_co_khong_dat", "chua_co_so_lieu")]
    text = _targets_comment(rows)
    assert text.startswith("Trong tổng số 4 chỉ tiêu, 3 chỉ tiêu đã có số liệu được duyệt: 2 chỉ tiêu đã đạt, "
                           "1 chỉ tiêu có nguy cơ không đạt.")
    assert "tập trung chỉ đạo" in text
    assert _targets_comment([]) == ""


def test_recipients_name_the_right_level():
    commune = layout.frame_for(layout.UnitInfo("Xã Bình Lư", "commune", "Tỉnh Lai Châu", "province", "Tỉnh Lai Châu"))
    assert commune.recipients == ["UBND tỉnh Lai Châu (b/c);", "Sở Khoa học và Công nghệ;",
                                  "Thường trực Đảng ủy, HĐND xã;", "Chủ tịch, các PCT UBND xã;", "Lưu: VT."]
    province = layout.frame_for(layout.UnitInfo("Tỉnh Lai Châu", "province"))
    assert province.recipients == ["Bộ Khoa học và Công nghệ (b/c);", "Thường trực Tỉnh ủy, HĐND tỉnh;",
                                   "Chủ tịch, các PCT UBND tỉnh;", "Sở Khoa học và Công nghệ;", "Lưu: VT."]
