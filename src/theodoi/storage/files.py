"""Uploaded and generated files, written so that none is ever seen half-written.

:class:`AtomicFileSystemStorage` (the default storage) writes a file into a temporary name in its
folder, flushes it to disk and only then gives it its name (a hard link, which never overwrites an
existing file, then the temporary name removed). A process killed while writing leaves at most a
``.tmp-`` file, which no row names and :func:`sweep_temporary` (run by the worker every day) removes.

The services write a file before the transaction that names it commits: a process killed between
the two leaves a complete file no row names, never a row naming a missing or partial file.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.files.storage import FileSystemStorage

TEMP_PREFIX = ".tmp-"


class AtomicFileSystemStorage(FileSystemStorage):
    def _write(self, fh: Any, content: Any) -> None:
        """Copy ``content`` into the open temporary file (one place the kill tests can stop at)."""
        for chunk in content.chunks():
            fh.write(chunk if isinstance(chunk, bytes) else chunk.encode())

    def _save(self, name: str, content: Any) -> str:
        full = Path(self.path(name))
        full.parent.mkdir(parents=True, exist_ok=True, mode=self.directory_permissions_mode or 0o777)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=full.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                if hasattr(content, "seek"):
                    content.seek(0)
                self._write(fh, content)
                fh.flush()
                os.fsync(fh.fileno())
            mode = self.file_permissions_mode
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(tmp, mode)
            while True:
                try:
                    os.link(tmp, full)  # never replaces a file of that name
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full = Path(self.path(name))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return str(name).replace("\\", "/")


def sweep_temporary(root: Path, older_than: float = 3600.0) -> int:
    """Delete the ``.tmp-`` files under ``root`` left by processes killed while writing; returns how many.

    Only files older than ``older_than`` seconds go, so a file being written now is left alone.
    """
    if not root.is_dir():
        return 0
    limit = time.time() - older_than
    removed = 0
    for path in root.rglob(f"{TEMP_PREFIX}*"):
        try:
            if path.is_file() and path.stat().st_mtime <= limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
