"""The home page depends on what the person may do (never on role names).

Standing office (may manage) → dashboard; a leader (may approve) sees what waits
for approval and the warnings of their units; an officer sees what to report this month.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from theodoi.domain import periods
from theodoi.planning.selectors.obligations import late_obligations, open_obligations
from theodoi.planning.selectors.warnings import compute_warnings
from theodoi.tenancy.permissions import roles_of, units_for
from theodoi.web.selectors import home as sel
from theodoi.web.views.common import current_period, today


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if units_for(user, "manage").exists() and request.GET.get("view") != "personal":
        return redirect("dashboard")
    may_approve = units_for(user, "approve").exists()
    updates, figures = sel.awaiting_approval(user) if may_approve else ([], [])
    due = open_obligations(user, today())
    # each plan's own open period (plans due on different days may be in different months)
    keys = sorted({o.period_key for o in due})
    period = periods.as_period(keys[0]) if keys else current_period()
    tasks = [o for o in due if o.kind == "task"]
    targets = [o for o in due if o.kind == "target"]
    # The leader's own units (those they approve for), not everything they may read.
    approve_units = list(units_for(user, "approve").order_by("depth", "path")) if may_approve else []
    tops = [u for u in approve_units if not any(u.path.startswith(o.path) and u != o for o in approve_units)]
    warnings = compute_warnings(today(), units=tops, user=user) if tops else []
    return render(request, "web/home.html", {
        "period": period, "may_approve": may_approve, "pending_count": len(updates) + len(figures),
        "pending_updates": updates, "pending_figures": figures,
        "tasks": tasks, "targets": targets, "tasks_left": sum(1 for t in tasks if not t.done),
        "targets_left": sum(1 for t in targets if not t.done),
        "warnings": warnings[:20], "warning_count": len(warnings),
        "warning_unit": tops[0] if len(tops) == 1 else None,
        "roles": roles_of(user), "late": late_obligations(user, today()),
    })
