"""Uploaded files waiting for the officer's confirmation: on disk, never in the database.

A staged upload is a folder ``<data>/staging/<token>/`` with the file and its
extraction; the token is random and remembered in the uploader's session, so
nobody else can confirm it. Stale uploads are removed after a day. A scan read in the
background (``importing.background``) is staged *pending* (the file only) and completed
with its extraction, or with the reader's refusal, when the job has read it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


@dataclass
class Staged:
    token: str
    filename: str
    data: bytes
    extraction: dict
    text: str
    pending: bool = False  # being read in the background: no extraction yet
    error: str = ""  # the background reading's refusal


def _root() -> Path:
    root = Path(settings.DATA_DIR) / "staging"
    root.mkdir(parents=True, exist_ok=True)
    return root


def stage(data: bytes, filename: str, extraction: dict, text: str) -> str:
    """Keep an upload and its extraction until confirmed; returns its token."""
    token = _new(data)
    _write(token, {"filename": filename, "extraction": extraction, "text": text})
    return token


def stage_pending(data: bytes, filename: str) -> str:
    """Keep an upload whose reading runs in the background; returns its token."""
    token = _new(data)
    _write(token, {"filename": filename, "extraction": {}, "text": "", "pending": True})
    return token


def complete(token: str, extraction: dict, text: str) -> None:
    """The background reading's result: the upload waits for the office's review like any other."""
    staged = load(token)
    if staged is not None:
        _write(token, {"filename": staged.filename, "extraction": extraction, "text": text})


def fail(token: str, error: str) -> None:
    """The background reading refused the file (the reader's one-line reason): the file is removed
    at once, its reason kept for the page until the upload is discarded or a day old."""
    staged = load(token)
    if staged is not None:
        _write(token, {"filename": staged.filename, "extraction": {}, "text": "", "error": error})
        (_root() / token / "file.bin").unlink(missing_ok=True)


def _new(data: bytes) -> str:
    _sweep()
    token = secrets.token_urlsafe(16)
    folder = _root() / token
    folder.mkdir()
    (folder / "file.bin").write_bytes(data)
    return token


def _write(token: str, meta: dict) -> None:
    """Replace the upload's description at once (a reader never sees half a file)."""
    folder = _root() / token
    if not folder.is_dir():  # cancelled meanwhile
        return
    part = folder / "meta.json.part"
    part.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    part.replace(folder / "meta.json")


def load(token: str) -> Staged | None:
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    folder = _root() / token
    if not folder.is_dir():
        return None
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        data = b"" if meta.get("error") else (folder / "file.bin").read_bytes()
    except FileNotFoundError:  # being discarded
        return None
    return Staged(token, meta["filename"], data, meta["extraction"], meta["text"], bool(meta.get("pending")),
                  meta.get("error") or "")


def discard(token: str) -> None:
    if token and token.replace("-", "").replace("_", "").isalnum():
        shutil.rmtree(_root() / token, ignore_errors=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
