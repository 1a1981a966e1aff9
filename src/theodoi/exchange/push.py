"""The push adapter to the national system: section contents, then KPI values, over HTTP(S).

As the public integration does it: each filled leaf section is sent with an HTTP PUT to
``{THEODOI_NATIONAL_URL}/reports/{grant}/sections/{section id}`` carrying the template
grant's id, the action "input" and the section's HTML content, with the user's token
(``THEODOI_NATIONAL_TOKEN``) as a Bearer token; the KPI values follow in one PUT to
``.../reports/{grant}/indicators``. Exporting a JSON file is the safe default; pushing is a
separate, explicit step (``theodoi exchange push-national``).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from theodoi.exchange.national import validate

TIMEOUT_SECONDS = 30


class PushError(Exception):
    """The national system could not be reached or refused a part (message in Vietnamese)."""


@dataclass
class PushResult:
    sections: int = 0
    indicators: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)


def config() -> tuple[str, str]:
    from django.conf import settings

    return settings.THEODOI_NATIONAL_URL, settings.THEODOI_NATIONAL_TOKEN


def _put(url: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(url, data=json.dumps(body, ensure_ascii=False).encode("utf-8"), method="PUT",
                                 headers={"Content-Type": "application/json; charset=utf-8",
                                          "Accept": "application/json", "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_SECONDS) as resp:  # noqa: S310 - configured URL
            raw = resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:500].decode("utf-8", "replace")
        raise PushError(f"Hệ thống trung ương từ chối ({exc.code}) tại {url}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise PushError(f"Không kết nối được hệ thống trung ương ({url}): {exc}") from exc
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {"raw": raw[:200].decode("utf-8", "replace")}


def push(payload: dict[str, Any], *, url: str = "", token: str = "", grant_id: str = "") -> PushResult:
    """Send a national-shape payload. Raises PushError (nothing partial is hidden: the count says
    how far it got) or ValueError for a payload of the wrong shape or a missing configuration."""
    base, default_token = config()
    base, token = (url or base).rstrip("/"), token or default_token
    from django.conf import settings

    grant = grant_id or payload.get("grant_id") or settings.THEODOI_NATIONAL_GRANT
    if not base or not token:
        raise ValueError("Chưa cấu hình THEODOI_NATIONAL_URL và THEODOI_NATIONAL_TOKEN.")
    if not grant:
        raise ValueError("Thiếu mã phân quyền mẫu báo cáo (--grant hoặc THEODOI_NATIONAL_GRANT).")
    problems = validate(payload)
    if problems:
        raise ValueError("Dữ liệu không đúng cấu trúc: " + "; ".join(problems))
    result = PushResult()
    root = f"{base}/reports/{quote(str(grant), safe='')}"
    for s in payload["sections"]:
        if not s.get("leaf"):
            continue
        body = {"grant_id": grant, "action": "input", "section_id": s["id"], "code": s["code"],
                "parent_id": s["parent_id"], "order": s["order"], "content": s["content"]}
        result.answers.append(_put(f"{root}/sections/{quote(s['id'], safe='')}", token, body))
        result.sections += 1
    body = {"grant_id": grant, "action": "input", "unit": payload["unit"], "period": payload["period"],
            "indicators": payload["indicators"]}
    result.answers.append(_put(f"{root}/indicators", token, body))
    result.indicators = len(payload["indicators"])
    return result
