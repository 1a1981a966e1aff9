#!/usr/bin/env python3
"""Score the extractor on the development corpus (tests/data/corpus): real public
plans never used to build it, each with a hand-written expectation.

    .venv/bin/python bench/bench_corpus.py [--format txt|docx|pdf|lopdf] [--verbose] [--corpus DIR]

Prints one line per field: targets, values, references, tasks, assignments
(units), reporting and meta, as the shared scorer (bench/score_extraction.py)
computes them. ``--format docx``/``pdf`` first renders each text as a Word
file (or a PDF, when a Vietnamese TTF font is found) with the test builders; a
Markdown document (``.md``) becomes a Word file with real tables, and its PDF is
that Word file exported by LibreOffice (``soffice``). ``--format lopdf`` makes every
document a Word file (one paragraph per line, Times New Roman 13, Markdown tables as
real tables) and exports it with LibreOffice: the PDF an office makes. ``--corpus`` scores another
folder of the same shape (``docs/``, ``gold/``), e.g. ``tests/data/heldout``.
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


def _word(doc: Path, builders) -> bytes:
    """A Word file as an officer types the plan (``builders.typed_docx``); Markdown with real tables."""
    return builders.markdown_to_docx(doc) if doc.suffix == ".md" else builders.typed_docx(doc)


def _libreoffice_pdf(docx_bytes: bytes, tmp: Path, stem: str) -> bytes:
    import shutil
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("a Markdown document's PDF needs LibreOffice (soffice)")
    src = tmp / f"{stem}-word.docx"
    src.write_bytes(docx_bytes)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=180)
    return (tmp / f"{stem}-word.pdf").read_bytes()


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
            doc = next(p for p in sorted((corpus / "docs").iterdir()) if p.stem == gold["doc_id"])
            data, name = doc.read_bytes(), doc.name
            if builders is not None:
                paras = builders.paragraphs_of(doc)
                out = Path(tmp) / f"{doc.stem}.{fmt}"
                if fmt == "lopdf":
                    out = Path(tmp) / f"{doc.stem}.pdf"
                    out.write_bytes(_libreoffice_pdf(_word(doc, builders), Path(tmp), doc.stem))
                elif doc.suffix == ".md":
                    word = builders.markdown_to_docx(doc)
                    out.write_bytes(word if fmt == "docx" else _libreoffice_pdf(word, Path(tmp), doc.stem))
                else:
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
                      f"meta {one['meta']}  tasks {one['tasks']}  units {one['units']}  "
                      f"reporting {one['reporting']}")
    return {"targets": total["targets"].f1(), "values": total["value"].value(),
            "references": total["references"].f1(), "tasks": total["tasks"].f1(),
            "assignments": total["units"].f1(), "reporting": total["reporting"].f1(),
            "meta": total["meta"].value()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--format", choices=("txt", "docx", "pdf", "lopdf"), default="txt",
                    help="lopdf: the Word file exported to PDF by LibreOffice")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="a folder with docs/ and gold/")
    args = ap.parse_args()
    corpus = args.corpus.resolve()
    n = len(list((corpus / "gold").glob("*.json")))
    result = score(args.format, args.verbose, corpus)
    print(f"{corpus.name} ({n} documents, {args.format}): "
          + "  ".join(f"{k} {v:.3f}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
