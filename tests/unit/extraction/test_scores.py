"""The extractor on the five seed plans meets the gold-score thresholds."""

from __future__ import annotations

import json

from builders import ROOT, SEEDS, scorer

from theodoi.extraction import extract_file

GOLD = ROOT / "tests" / "data" / "gold"




def test_seed_scores_meet_thresholds() -> None:
    score = scorer()
    total = score.new_tally()
    for gold_path in sorted(GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = extract_file(SEEDS / f"{gold['doc_id']}.txt")
        assert pred["doc_id"] == gold["doc_id"]
        score.score_doc(gold, pred, total)
    assert total["targets"].f1() >= 0.95
    assert total["value"].value() >= 0.95
    assert total["references"].f1() >= 0.95
    assert total["tasks"].f1() >= 0.90
    assert total["meta"].value() >= 0.90
    assert total["units"].f1() >= 0.85
    assert total["reporting"].f1() >= 0.75


def test_output_has_schema_keys() -> None:
    out = extract_file(next(SEEDS.glob("*.txt")))
    assert set(out) >= {"doc_id", "meta", "targets", "tasks", "assignments", "reporting"}
    assert set(out["meta"]) >= {"doc_type", "number", "issuer", "place", "issued_date", "title",
                                "period", "references"}
    for t in out["targets"]:
        assert set(t) >= {"text", "section", "area", "value", "value_max", "unit", "comparator",
                          "deadline_year"}
    json.dumps(out, ensure_ascii=False)
