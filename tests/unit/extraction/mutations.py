"""Damaged versions of good files, for the fuzz test and ``make fuzz`` (bench/fuzz_extract.py).

:func:`seed_files` gives small well-formed inputs (TXT, DOCX, PDF and XLSX built from the seed
plans); :func:`mutate` damages one as storage, transfer or a careless tool would: bytes flipped,
cut short, ranges deleted, inserted, repeated or blanked, and, for zip containers, a member's
content damaged and zipped again with a correct CRC (so the XML parsers see the damage too).
Everything is drawn from the ``random.Random`` given, so a case is reproduced by its seed.
"""

from __future__ import annotations

import io
import random
import zipfile
from functools import cache

from builders import SEEDS, build_docx, build_pdf, find_font, paragraphs_of

KINDS = ("flip", "truncate", "delete", "insert", "repeat", "blank", "member", "text")


@cache
def seed_files() -> tuple[tuple[bytes, str], ...]:
    """(bytes, file name) of the good inputs the mutations start from."""
    import openpyxl

    seeds = sorted(SEEDS.glob("*.txt"))
    # the first part of each plan (header, targets, the first tasks): small files, more cases a second
    out: list[tuple[bytes, str]] = [(b"\n".join(p.read_bytes().split(b"\n")[:150]), p.name) for p in seeds]
    short = [paragraphs_of(p)[:100] for p in seeds[:2]]
    out += [(build_docx(paras), f"seed{i}.docx") for i, paras in enumerate(short)]
    font = find_font()
    if font is not None:
        out += [(build_pdf(paras[:24], font), f"seed{i}.pdf") for i, paras in enumerate(short)]
    book = openpyxl.Workbook()
    sheet = book.active
    for i, line in enumerate(short[0][:60], start=1):
        sheet.cell(row=i, column=1, value=i)
        sheet.cell(row=i, column=2, value=line)
    buf = io.BytesIO()
    book.save(buf)
    out.append((buf.getvalue(), "figures.xlsx"))
    return tuple(out)


def _bytes_mutation(data: bytes, kind: str, rng: random.Random) -> bytes:
    n = len(data)
    if n == 0:
        return data
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(n)] ^= rng.randint(1, 255)
        return bytes(buf)
    if kind == "truncate":
        return data[:rng.randrange(n)]
    start = rng.randrange(n)
    length = rng.randint(1, max(1, min(n - start, 2048)))
    if kind == "delete":
        return data[:start] + data[start + length:]
    if kind == "insert":
        return data[:start] + rng.randbytes(rng.randint(1, 512)) + data[start:]
    if kind == "repeat":
        return data[:start] + data[start:start + length] * rng.randint(2, 20) + data[start:]
    if kind == "blank":
        return data[:start] + bytes([rng.choice((0, 0xFF, 0x20))]) * length + data[start + length:]
    raise ValueError(kind)


def _text_mutation(data: bytes, rng: random.Random) -> bytes:
    """Damage at the level of characters and lines: stray marks, odd characters, lines
    repeated, joined or split, in valid UTF-8."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    odd = ["|", "- ", "1.", "a)", "II.", "*", "#", "(", ")", ":", "%", "≥", "\u0300", "\u200b", "\x0c",
           "\ufffd", "Điều 1.", "PHỤ LỤC", "Nơi nhận:", "đến năm 2030", "100%", "x" * 300]
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0:
            j = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rng.choice(odd) + lines[i][j:]
        elif op == 1:
            lines[i:i + 1] = [lines[i]] * rng.randint(2, 30)
        elif op == 2 and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
        elif op == 3:
            j = rng.randrange(len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:j], lines[i][j:]]
        else:
            del lines[i]
            if not lines:
                lines = [""]
    return "\n".join(lines).encode("utf-8")


def _member_mutation(data: bytes, rng: random.Random) -> bytes:
    """One member of a zip damaged, the zip rebuilt (CRCs right)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [(info, zf.read(info)) for info in zf.infolist()]
    except zipfile.BadZipFile:
        return _bytes_mutation(data, "flip", rng)
    index = rng.randrange(len(members))
    info, body = members[index]
    members[index] = (info, _bytes_mutation(body, rng.choice(KINDS[:6]), rng))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in members:
            zf.writestr(info.filename, body)
    return out.getvalue()


def mutate(data: bytes, name: str, kind: str, rng: random.Random) -> bytes:
    """``data`` (a file named ``name``) damaged by mutation ``kind`` (one of KINDS)."""
    if kind == "member":
        if data.startswith(b"PK"):
            return _member_mutation(data, rng)
        kind = "flip"
    if kind == "text":
        if name.endswith(".txt"):
            return _text_mutation(data, rng)
        kind = "truncate"
    return _bytes_mutation(data, kind, rng)


def case(number: int, seed: int = 0) -> tuple[bytes, str, str]:
    """Fuzz case ``number``: (damaged bytes, file name, mutation kind), the same every run."""
    rng = random.Random(f"{seed}:{number}")
    data, name = rng.choice(seed_files())
    kind = rng.choice(KINDS)
    out = data
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        out = mutate(out, name, kind, rng)
    return out, name, kind


def outcome(data: bytes, name: str) -> str:
    """Run the integrity check (evidence uploads) and the extractor on one input:
    'ok' (a plan came out), 'refused' (ExtractionError with a one-line message) or, for
    anything else, 'crash: <the exception>' / 'crash: message on several lines'."""
    from theodoi.extraction import ExtractionError, extract_bytes
    from theodoi.extraction.safety import check_integrity

    result = "ok"
    for step in (check_integrity, extract_bytes):
        try:
            out = step(data, name)
        except ExtractionError as exc:
            message = str(exc)
            if not message or "\n" in message:
                return f"crash: message on several lines or empty from {step.__name__}: {message!r}"
            result = "refused"
        except Exception as exc:  # the fuzz looks for exactly these
            return f"crash: {step.__name__}: {type(exc).__name__}: {exc}"[:500]
        else:
            if step is extract_bytes and not isinstance(out, dict):
                return "crash: extract_bytes returned no dict"
    return result
