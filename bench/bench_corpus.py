#!/usr/bin/env python3
"""Score the extractor on the development corpus (tests/data/corpus): real public
plans never used to build it, each with a hand-written expectation.

    .venv/bin/python bench/bench_corpus.py [--format txt|docx|pdf] [--corpus DIR] [--verbose]

Prints one line per field: targets, values, references, tasks, assignments
(units), reporting and meta, as the shared scorer (bench/score_extraction.py)
computes them. ``--format docx``/``pdf`` first renders each text as a Word
file (or a PDF, when a Vietnamese TTF font is found) with the test builders.
``--corpus tests/data/corpus-heldout`` scores the held-out plans (same layout: docs/, gold/).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "corpus"
sys.path.insert(0, str(ROOT / "src"))

from theodoi.extraction import ExtractionError, extract_bytes  # noqa: E402


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def score(fmt: str = "txt", verbose: bool = False, corpus: Path = CORPUS) -> dict[str, float]:
    """Field → score on the corpus (F1 for lists, share right for values and meta)."""
    scorer = _load("score_extraction", ROOT / "bench" / "score_extraction.py")
    builders = _load("builders", ROOT / "tests" / "unit" / "extraction" / "builders.py") \
        if fmt != "txt" else None
    font = builders.find_font() if builders and fmt == "pdf" else None
    if fmt == "pdf" and font is None:
        raise SystemExit("no Vietnamese TTF font: cannot build PDF versions")
    total = scorer.new_tally()
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in sorted((corpus / "gold").glob("*.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            doc = corpus / "docs" / f"{gold['doc_id']}.txt"
            data, name = doc.read_bytes(), doc.name
            if builders is not None:
                paras = builders.paragraphs_of(doc)
                out = Path(tmp) / f"{doc.stem}.{fmt}"
                out.write_bytes(builders.build_docx(paras) if fmt == "docx"
                                else builders.build_pdf(paras, font))
                data, name = out.read_bytes(), out.name
            try:
                pred = extract_bytes(data, name)
            except ExtractionError as exc:
                pred = {}
                if verbose:
                    print(f"  {doc.stem}: {exc}")
            one = scorer.new_tally()
            for t in (one, total):
                scorer.score_doc(gold, pred, t)
            if verbose:
                print(f"  {doc.stem}: targets {one['targets']}  refs {one['references']}  "
                      f"meta {one['meta']}")
    return {"targets": total["targets"].f1(), "values": total["value"].value(),
            "references": total["references"].f1(), "tasks": total["tasks"].f1(),
            "assignments": total["units"].f1(), "reporting": total["reporting"].f1(),
            "meta": total["meta"].value()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--format", choices=("txt", "docx", "pdf"), default="txt")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="a folder with docs/ and gold/")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    n = len(list((corpus / "gold").glob("*.json")))
    result = score(args.format, args.verbose, corpus)
    print(f"{corpus.name} ({n} documents, {args.format}): "
          + "  ".join(f"{k} {v:.3f}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
