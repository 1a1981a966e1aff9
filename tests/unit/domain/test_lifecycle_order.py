"""The order of a science task's lifecycle (domain.lifecycle), without a database."""

import datetime as dt

from theodoi.domain.lifecycle import STAGES, order_problems

LABELS = {s: s.replace("_", " ").title() for s in STAGES}
D = dt.date


def problems(recorded, stage, day):
    return [str(m) for m in order_problems(recorded, stage, day, LABELS)]


def test_the_eight_stages_in_order_raise_nothing():
    recorded = []
    day = D(2026, 1, 1)
    for i, stage in enumerate(["dat_hang", "tuyen_chon", "hop_dong", "giai_ngan", "giai_ngan", "nghiem_thu",
                               "chuyen_giao", "theo_doi", "theo_doi"]):
        assert problems(recorded, stage, day + dt.timedelta(days=10 * i)) == [], stage
        recorded.append((stage, day + dt.timedelta(days=10 * i)))


def test_a_missing_stage_a_date_before_the_previous_one_and_a_second_one_off_are_named():
    assert problems([], "giai_ngan", D(2026, 3, 1)) == ["chưa ghi nhận giai đoạn Hop Dong trước Giai Ngan"]
    assert problems([("dat_hang", D(2026, 1, 1))], "hop_dong", D(2026, 2, 1)) == [
        "chưa ghi nhận giai đoạn Tuyen Chon hoặc Giao Truc Tiep trước Hop Dong"]
    assert problems([("dat_hang", D(2026, 2, 1))], "tuyen_chon", D(2026, 1, 15)) == [
        "ngày 15/01/2026 trước Dat Hang ngày 01/02/2026"]
    assert problems([("dat_hang", D(2026, 1, 1)), ("hop_dong", D(2026, 3, 1))], "dat_hang", D(2026, 4, 1)) == [
        "Dat Hang đã được ghi nhận ngày 01/01/2026", "ngày 01/04/2026 sau Hop Dong ngày 01/03/2026"]
    assert problems([("dat_hang", D(2026, 1, 1)), ("tuyen_chon", D(2026, 2, 1))], "giao_truc_tiep",
                    D(2026, 2, 5)) == ["đã ghi nhận Tuyen Chon: một nhiệm vụ chỉ theo một cách"]


def test_a_last_payment_after_the_acceptance_is_in_order():
    recorded = [("dat_hang", D(2026, 1, 1)), ("giao_truc_tiep", D(2026, 1, 10)), ("hop_dong", D(2026, 2, 1)),
                ("nghiem_thu", D(2026, 6, 1))]
    assert problems(recorded, "giai_ngan", D(2026, 6, 20)) == []
