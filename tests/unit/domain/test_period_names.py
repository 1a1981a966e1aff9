"""One vocabulary of period names (domain.periods.KIND_LABELS, NAMES): keys, Vietnamese names,
the sentence form and the translated form all come from it (no database)."""

from __future__ import annotations

import pytest

from theodoi.domain import periods
from theodoi.domain.messages import Message
from theodoi.domain.periods import FREQUENCY_KIND, KIND_LABELS, KINDS, NAMES, REPORT_KIND, Period


def test_every_kind_has_a_name_and_every_period_a_template():
    assert set(KIND_LABELS) == set(KINDS)
    for kind in KINDS:
        for p in Period.for_date(kind, Period(2026, "year", 1).end).months():
            assert Period.for_date(kind, p.end).label_vi  # every period of every kind is named
    assert {k for k, _i in NAMES} == set(KINDS)
    assert set(REPORT_KIND.values()) == set(FREQUENCY_KIND.values()) == set(KINDS)


@pytest.mark.parametrize(("key", "label", "sentence"), [
    ("2026-05", "Tháng 5/2026", "tháng 5/2026"),
    ("2026-Q2", "Quý II/2026", "quý II/2026"),
    ("2026-H1", "6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
    ("2026-h2", "6 tháng cuối năm 2026", "6 tháng cuối năm 2026"),
    ("2026", "Năm 2026", "năm 2026"),
])
def test_names_in_vietnamese_and_in_a_sentence(key, label, sentence):
    p = Period.parse(key)
    assert p.label_vi == p.label() == label
    assert p.label(sentence=True) == sentence
    assert Message("Báo cáo %(period)s.", period=p) == f"Báo cáo {sentence}."


def test_the_translated_name_uses_the_same_templates():
    english = {NAMES[("half", 1)]: "First half of %(y)s", NAMES[("quarter", 0)]: "Quarter %(q)s/%(y)s"}
    h1, q2 = Period.parse("2026-H1"), Period.parse("2026-Q2")
    assert h1.label(lambda s: english.get(s, s)) == "First half of 2026"
    assert h1.label(lambda s: english.get(s, s), sentence=True) == "first half of 2026"
    assert q2.label(lambda s: english.get(s, s)) == "Quarter II/2026"
    assert periods.Period.parse(h1.key) == h1 and h1.key == "2026-H1"
