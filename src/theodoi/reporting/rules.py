"""The permission rule of reports, registered with ``tenancy.permissions`` at start-up.

* view — members read the reports of their subtree (a province reads its communes').
* report — officers, leaders and administrators of the unit write and send its report.
* approve — the leader of the unit finalises (signs) it.
* manage — a leader or administrator of the parent unit returns or accepts it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from theodoi.tenancy.permissions import Action, scope


def report_rule(user: Any, action: Action) -> Q:
    if action == "manage":
        return scope(user, "manage").q("unit__parent") | scope(user, "approve").q("unit__parent")
    return scope(user, action).q("unit")
