"""Uploaded files waiting for the officer's confirmation: on disk, never in the database.

A staged upload is a folder ``<data>/staging/<token>/`` with the file and its
extraction; the token is random and remembered in the uploader's session, so
nobody else can confirm it. Stale uploads are removed after a day.
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


def _root() -> Path:
    root = Path(settings.DATA_DIR) / "staging"
    root.mkdir(parents=True, exist_ok=True)
    return root


def stage(data: bytes, filename: str, extraction: dict, text: str) -> str:
    """Keep an upload and its extraction until confirmed; returns its token."""
    _sweep()
    token = secrets.token_urlsafe(16)
    folder = _root() / token
    folder.mkdir()
    (folder / "file.bin").write_bytes(data)
    meta = {"filename": filename, "extraction": extraction, "text": text}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def load(token: str) -> Staged | None:
    if not token or not token.replace("-", "").replace("_", "").isalnum():
        return None
    folder = _root() / token
    if not folder.is_dir():
        return None
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return Staged(token, meta["filename"], (folder / "file.bin").read_bytes(), meta["extraction"], meta["text"])


def discard(token: str) -> None:
    if token and token.replace("-", "").replace("_", "").isalnum():
        shutil.rmtree(_root() / token, ignore_errors=True)


def _sweep() -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in _root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
