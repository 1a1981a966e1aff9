"""Per-person KPI in the unit leader's view: each person's tasks, figures and a score explained like the unit's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from theodoi.domain.periods import Period
from theodoi.web.selectors import dashboard, people

pytestmark = pytest.mark.django_db


def test_a_persons_score_is_the_unit_score_over_their_own_tasks(world, progress):
    progress.m2.submitted_by = world.officer
    progress.m2.save()
    d = dashboard.build(world.leader, world.vhxh, Period.parse("2026-Q2").end)
    rows = people.person_scores(world.vhxh, d.tasks, d.targets, Period.parse("2026-Q2"))
    assert [r.person for r in rows] == [world.officer]
    officer = rows[0]
    assert [t["uid"] for t in officer.tasks] == [str(world.task.uid)]  # the task they are responsible for
    assert officer.figures == 1  # the April figure they sent
    names = [c.name for c in officer.score.components]
    assert names == ["timeliness", "completion", "data_quality", "target_attainment"]
    total = sum(c.points for c in officer.score.components if c.counted)
    assert officer.score.total == round(total, 1)


def test_the_leader_sees_it_and_a_reader_does_not(login, world, progress):
    url = reverse("dashboard_unit", args=[world.vhxh.slug]) + "?period=2026-Q2"
    page = login(world.leader).get(url).content.decode()
    section = page.split('id="people"', 1)[1].split("</section>", 1)[0]
    assert "Kết quả theo người (KPI)" in page and "Officer A" in section and "Đúng hạn" in section
    assert "→" in section  # each component's points, as the ranking explains a unit's score
    assert 'id="people"' not in login(world.reader).get(url).content.decode()
