"""Text people type comes out escaped: a task title, a progress note, feedback.

Every URL pattern is crawled anonymously and as each persona with the payloads typed into every
free-text field (tests/web/test_crawl.py, tests/portal/hostile.py): no HTML answer may contain a raw
payload (a script, an attribute break-out with an event handler, a javascript: link), and JSON/CSV/XLSX
answers must not be served as HTML. Here, what the public task page shows of them.
tests/security/test_injection.py checks the spreadsheet formulas and the report files.
"""

from __future__ import annotations

import pytest

from tests.portal.hostile import ESCAPED, build_hostile_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(world):
    return build_hostile_objects(world)


def test_public_pages_show_the_escaped_title_and_note(client, world, hostile):
    html = client.get(f"/public/tasks/{world.task.uid}/").content.decode()
    assert f"Số hóa {ESCAPED} hồ sơ" in html and f"Ghi chú tiến độ {ESCAPED}" in html
    assert f"Trả lời {ESCAPED}" in html
    assert "Chờ duyệt" not in html  # unapproved text stays private as well
