"""No unit a reader could confuse with another is named bare: walk the demo's pages as the province.

The province's Sở KH&CN reads every commune of Lai Châu, each with its "Công an xã", "Trung tâm Dịch vụ
tổng hợp", "Văn phòng HĐND và UBND", villages "Bản 1"… The test follows the staff pages from the home
page and the dashboards (every route, a few pages each), the lists' CSV and XLSX twins, the dashboard's
XLSX and PDF, the report inbox and the public portal, and fails on any name two readable units share
(both existing today) written without its place ("Công an xã" alone rather than "Công an xã Bình Lư").
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from tests.demo_snapshot import demo_of

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)')
SKIP = ("/logout", "/i18n/", "/static/", "/admin/", "/evidence/", "/api/", "/sw.js")
PER_ROUTE = 4  # pages of one route (a task page, a plan page …) walked
MOST = 160
# what may follow a name that carries its place: " xã Bình Lư", ", huyện Tam Đường", " (Sở …)"
AREA_AFTER = r"(?:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh|đặc khu)\b"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for the module and flushed after it (both tests only read it; each
    runs inside its own rolled-back transaction)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        demo_of(tmp_path_factory, dt.date.today())  # the session's demo of today (tests/demo_snapshot.py)
        yield
        call_command("flush", "--no-input", verbosity=0)


def ambiguous_names(user) -> list[str]:
    """Names that two units the user reads, both existing today, carry."""
    from theodoi.tenancy.models import Unit
    from theodoi.tenancy.permissions import restrict

    names = Counter(restrict(Unit.objects.existing_on(dt.date.today()), user, "view").values_list("name", flat=True))
    return sorted((n for n, k in names.items() if k > 1), key=len, reverse=True)


KIND_CELL = re.compile(r'<td data-label="Loại"[^>]*>[^<]*</td>|<option value="[a-z_]+">[^<]*</option>')
BEFORE = r"(?:^|(?<=[>·,(:;–\n\t\"])|(?<=[>·,(:;–\"] ))"  # a name standing as an item, not a word of prose


def bare(text: str, names: list[str]) -> list[str]:
    """Each place in ``text`` (HTML or plain text) where one of ``names`` stands without its place.

    A name counts where it stands as an item of its own (after a tag, "·", ",", "(", ":"), not where
    it is a word of a sentence ("phối hợp với Công an xã") or of a person's title ("Trưởng Công an xã");
    a unit kind's label ("Tổ công nghệ số cộng đồng" in the "Loại" column) is not a unit."""
    text = KIND_CELL.sub("", text)
    found = []
    for name in names:
        for variant in {name, html.escape(name, quote=False), html.escape(name)}:
            pattern = (BEFORE + re.escape(variant)
                       + r"(?=\s*(?:$|<|[\"·;|\n\r\t)])|,(?!\s" + AREA_AFTER + r")|\s[–-]\s)")
            for m in re.finditer(pattern, text, re.MULTILINE):
                found.append(text[max(0, m.start() - 60): m.end() + 30].replace("\n", " "))
    return found


def bare_cells(rows: list[list[str]], names: list[str]) -> list[str]:
    """Cells of an export (its first row the header) holding one of ``names`` alone, the kind column aside."""
    header, wanted = rows[0], set(names)
    return [f"{header[i] if i < len(header) else i}: {cell}" for row in rows[1:] for i, cell in enumerate(row)
            if cell.strip() in wanted and (i >= len(header) or header[i] != "Loại")]


def _route(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


def _xlsx_rows(body: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body), read_only=True)
    return [["" if v is None else str(v) for v in row]
            for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))  # web.listing's CSV


def _pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)


def test_the_province_never_reads_an_ambiguous_unit_name_bare(demo):
    from theodoi.tenancy.models import User

    user = User.objects.get(username="sokhcn")
    names = ambiguous_names(user)
    assert {"Công an xã", "Trung tâm Dịch vụ tổng hợp", "Văn phòng HĐND và UBND", "Bản 1"} <= set(names)
    client = Client()
    client.force_login(user)
    queue = ["/", "/dashboard/", "/warnings/", "/overdue/", "/completeness/", "/tasks/", "/targets/", "/units/",
             "/plans/", "/six-clear/", "/review/", "/handover/", "/reports/", "/public/"]
    queue += [f"/dashboard/{slug}/" for slug in ("xa-binh-lu", "xa-bum-nua", "xa-phong-tho")]
    seen: set[str] = set()
    per_route: dict[str, int] = defaultdict(int)
    problems: list[str] = []
    pages = 0
    while queue and pages < MOST:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or any(path.startswith(s) for s in SKIP) or "format=" in url or "export" in path:
            continue
        seen.add(url)
        route = _route(path)
        if not route or per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        resp = client.get(url)
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        pages += 1
        page = resp.content.decode()
        problems += [f"{url}: …{p}…" for p in bare(page, names)]
        queue += [html.unescape(h) for h in HREF.findall(page)]
    assert pages > 60, f"walked only {pages} pages"
    assert {"dashboard_unit", "warnings", "overdue", "completeness", "unit_detail", "task_detail",
            "plan_detail"} <= set(per_route)
    # the downloads: the lists' twins, the dashboard as XLSX and PDF
    for url in ["/warnings/?all=1&format=csv", "/overdue/?all=1&format=csv", "/completeness/?all=1&format=csv",
                "/tasks/?all=1&format=csv", "/targets/?all=1&format=csv", "/units/?format=csv",
                "/six-clear/?all=1&format=csv", "/tasks/?all=1&format=xlsx"]:
        resp = client.get(url)
        assert resp.status_code == 200, url
        rows = _xlsx_rows(resp.content) if "xlsx" in url else _csv_rows(resp.content)
        assert len(rows) > 1, url
        problems += [f"{url}: {p}" for p in bare_cells(rows, names)]
    for slug in ("tinh-lai-chau", "xa-binh-lu"):
        resp = client.get(f"/dashboard/{slug}/export.xlsx")
        assert resp.status_code == 200
        rows = _xlsx_rows(resp.content)
        problems += [f"dashboard {slug}.xlsx: {p}" for p in bare_cells(rows, names)]
        # the PDF holds the same tables: each unit the spreadsheet names with its place, the PDF names so
        # (its cells wrap lines, so it is read as one text)
        qualified = {c for row in rows for c in row if any(c.startswith((n + " ", n + ",")) for n in names)}
        resp = client.get(f"/dashboard/{slug}/export.pdf")
        assert resp.status_code == 200
        pdf = " ".join(_pdf_text(resp.content).split())
        assert qualified or slug == "tinh-lai-chau", slug  # the province's rows are its communes
        problems += [f"dashboard {slug}.pdf lacks {q!r}" for q in qualified if " ".join(q.split()) not in pdf]
    assert not problems, "\n".join(problems[:40])


def test_no_two_units_of_the_demo_share_a_label(demo):
    from theodoi.planning.selectors.texts import unit_label
    from theodoi.tenancy.models import Unit

    labels = Counter(unit_label(u) for u in Unit.objects.select_related("parent"))
    assert [label for label, n in labels.items() if n > 1] == []
    assert unit_label(Unit.objects.get(slug="xa-binh-lu")) == "Xã Bình Lư"
