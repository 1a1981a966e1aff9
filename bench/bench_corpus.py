#!/usr/bin/env python3
"""Score the extractor on the development corpus (tests/data/corpus): real public
plans never used to build it, each with a hand-written expectation.

    .venv/bin/python bench/bench_corpus.py [--format txt|docx|pdf] [--corpus DIR] [--verbose]

Prints one line per field: targets, values, references, tasks, assignments
(units), reporting and meta, as the shared scorer (bench/score_extraction.py)
computes them. ``--format docx``/``pdf`` first renders each text as a Word
file (or a PDF, when a Vietnamese TTF font is found) with the test builders.
``--format lopdf`` exports that Word file to PDF with LibreOffice (``soffice``), the form most
plans are published in. ``--corpus tests/data/corpus-heldout`` scores the held-out plans (same layout: docs/, gold/).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
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
    golds = [json.loads(g.read_text(encoding="utf-8")) for g in sorted((corpus / "gold").glob("*.json"))]
    with tempfile.TemporaryDirectory() as tmp:
        if fmt == "lopdf":
            _libreoffice_pdfs(builders, [corpus / "docs" / f"{g['doc_id']}.txt" for g in golds], Path(tmp))
        for gold in golds:
            doc = corpus / "docs" / f"{gold['doc_id']}.txt"
            data, name = doc.read_bytes(), doc.name
            if fmt == "lopdf":
                out = Path(tmp) / "pdf" / f"{doc.stem}.pdf"
                data, name = out.read_bytes(), out.name
            elif builders is not None:
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


def _libreoffice_pdfs(builders, docs: list[Path], tmp: Path) -> None:
    """Each text as a Word file (one paragraph a line), exported to PDF by LibreOffice in one run,
    as officers publish plans: tmp/pdf/<stem>.pdf."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed: cannot build LibreOffice PDFs")
    word = tmp / "word"
    word.mkdir()
    for doc in docs:
        (word / f"{doc.stem}.docx").write_bytes(builders.build_docx(builders.paragraphs_of(doc)))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), *map(str, sorted(word.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--format", choices=("txt", "docx", "pdf", "lopdf"), default="txt",
                    help="lopdf: the Word file exported to PDF by LibreOffice")
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
