"""Reporting forms call the tracking services; a version conflict is explained in Vietnamese."""

from __future__ import annotations

import types

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Conflict(Exception):
    pass


@pytest.fixture
def fake_services(monkeypatch):
    calls: list = []

    def save_update(**kw):
        calls.append(("update", kw))
        if kw["data"].get("work_done") == "conflict":
            raise Conflict()

    def save_measurement(**kw):
        calls.append(("figure", kw))

    progress = types.SimpleNamespace(save_update=save_update)
    measurements = types.SimpleNamespace(save_measurement=save_measurement)
    errors = types.SimpleNamespace(ConflictError=Conflict)
    from theodoi.web.views import reporting_forms

    monkeypatch.setattr(reporting_forms, "_services", lambda: (progress, measurements, errors))
    return calls


def test_update_form_renders_on_phone_sized_markup(login, world):
    resp = login(world.officer).get(reverse("task_update", args=[world.task.uid]))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert 'inputmode="decimal"' in html and 'type="file"' in html and "Gửi báo cáo" in html


def test_update_form_calls_service(login, world, fake_services):
    resp = login(world.officer).post(reverse("task_update", args=[world.task.uid]),
                                     {"percent": "55,5".replace(",", "."), "work_done": "Xong 1 phần", "submit": "1"})
    assert resp.status_code == 302
    kind, kw = fake_services[0]
    assert kind == "update" and kw["task"] == world.task and kw["submit"] is True
    assert str(kw["data"]["percent"]) == "55.5"


def test_version_conflict_shows_other_change(login, world, fake_services):
    import datetime as dt

    from theodoi.planning.models import ProgressUpdate

    ProgressUpdate.objects.create(task=world.task, unit=world.vhxh, period_key="2099-01",
                                  period_end=dt.date(2099, 1, 14), work_done="Bản của người khác", version=3)
    resp = login(world.officer).post(reverse("task_update", args=[world.task.uid]) + "?period=2099-01",
                                     {"work_done": "conflict", "version": "2", "period": "2099-01"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "Người khác vừa lưu báo cáo này" in html and "Bản của người khác" in html
    assert 'name="version" value="3"' in html


def test_reader_cannot_open_update_form(login, world):
    assert login(world.reader).get(reverse("task_update", args=[world.task.uid])).status_code == 403


def test_figure_form_ratio(login, world, fake_services):
    client = login(world.officer)
    html = client.get(reverse("target_figure", args=[world.target.uid])).content.decode()
    assert "Tử số" in html and "Mẫu số" in html
    resp = client.post(reverse("target_figure", args=[world.target.uid]),
                       {"numerator": "5", "denominator": "0"})
    assert "mẫu số khác 0" in resp.content.decode()
    resp = client.post(reverse("target_figure", args=[world.target.uid]), {"numerator": "5", "denominator": "10"})
    assert resp.status_code == 302 and fake_services[0][1]["unit"] == world.vhxh


def test_return_needs_reason_and_rights(login, world, progress):
    url = reverse("review_action", args=["update", progress.update.uid, "return"])
    assert login(world.officer).get(url).status_code == 403
    html = login(world.leader).get(url).content.decode()
    assert "Lý do" in html
