"""A local stand-in for the national system's report API, checking the shape of what it is sent.

It answers what the public integration expects: ``PUT /reports/<grant>/sections/<id>`` with
``{"grant_id", "action": "input", "section_id", "code", "content"}`` and
``PUT /reports/<grant>/indicators`` with ``{"grant_id", "action": "input", "indicators": [...]}``,
each with ``Authorization: Bearer <token>``. A request of another shape gets 400 with the
reason, a wrong token 401. Everything accepted is kept in ``received``.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECTION = re.compile(r"^/api/reports/(?P<grant>[^/]+)/sections/(?P<sid>[^/]+)$")
INDICATORS = re.compile(r"^/api/reports/(?P<grant>[^/]+)/indicators$")


class StandIn:
    def __init__(self, token: str, grant: str) -> None:
        self.token, self.grant = token, grant
        self.received: list[dict[str, Any]] = []
        self.refused: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_PUT(self) -> None:  # noqa: N802 - http.server's naming
                status, answer = outer.check(self)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def check(self, req: BaseHTTPRequestHandler) -> tuple[int, dict[str, Any]]:
        if req.headers.get("Authorization") != f"Bearer {self.token}":
            self.refused.append("token")
            return 401, {"error": "unauthorised"}
        length = int(req.headers.get("Content-Length") or 0)
        try:
            body = json.loads(req.rfile.read(length).decode("utf-8"))
        except ValueError:
            return 400, {"error": "not JSON"}
        problems = []
        m = SECTION.match(req.path)
        n = INDICATORS.match(req.path)
        if not (m or n):
            return 404, {"error": req.path}
        grant = (m or n).group("grant")  # type: ignore[union-attr]
        if grant != self.grant or body.get("grant_id") != self.grant:
            problems.append("grant_id")
        if body.get("action") != "input":
            problems.append("action")
        if m:
            if body.get("section_id") != m.group("sid"):
                problems.append("section_id")
            for key, kind in (("code", str), ("content", str), ("order", int)):
                if not isinstance(body.get(key), kind):
                    problems.append(key)
            if "<script" in str(body.get("content", "")).lower():
                problems.append("content: unsafe HTML")
        else:
            items = body.get("indicators")
            if not isinstance(items, list):
                problems.append("indicators")
            for item in items or []:
                if not isinstance(item, dict) or not item.get("kpi_code"):
                    problems.append("kpi_code")
        if problems:
            self.refused.append(", ".join(problems))
            return 400, {"error": problems}
        self.received.append({"path": req.path, "body": body})
        return 200, {"ok": True, "id": len(self.received)}
