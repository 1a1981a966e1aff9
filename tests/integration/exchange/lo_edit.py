"""Edit one cell of an XLSX file in LibreOffice Calc and save it as XLSX again (a person's round trip).

Run with the system Python that has LibreOffice's ``uno`` module (Debian: python3-uno):

    python3 lo_edit.py IN.xlsx OUT.xlsx SHEET KEY UID VALUE [KEY VALUE ...]

It starts a headless soffice with its own profile, opens IN, finds on SHEET the row whose
``uid`` column holds UID, writes VALUE into the column whose header ends with ``[KEY]``
(a number when VALUE reads as one), and stores the document as "Calc MS Excel 2007 XML".
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid

import uno  # type: ignore[import-not-found]  # LibreOffice's bridge, in the system Python only
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, proc: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 90
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(argv: list[str]) -> int:
    src, dst, sheet_name, *rest = argv
    uid, edits = rest[1], [(rest[0], rest[2])] + list(zip(rest[3::2], rest[4::2], strict=True))
    pipe = f"theodoi_{uuid.uuid4().hex[:8]}"
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--nologo",
                             f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = _connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (_prop("Hidden", True),))
        sheet = doc.Sheets.getByName(sheet_name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_col, last_row = cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow
        headers = {sheet.getCellByPosition(c, 0).String.rsplit("[", 1)[-1].rstrip("]"): c
                   for c in range(last_col + 1)}
        row = next(r for r in range(1, last_row + 1)
                   if sheet.getCellByPosition(headers["uid"], r).String == uid)
        for key, value in edits:
            cell = sheet.getCellByPosition(headers[key], row)
            try:
                cell.setValue(float(value))
            except ValueError:
                cell.setString(value)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)),
                       (_prop("FilterName", "Calc MS Excel 2007 XML"), _prop("Overwrite", True)))
        doc.close(True)
        with contextlib.suppress(Exception):  # the bridge goes away with the office: the end we asked for
            desktop.terminate()
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
