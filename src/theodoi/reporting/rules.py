"""The permission rule of reports, registered with ``tenancy.permissions`` at start-up.

* view — members read the reports of their subtree (a province reads its communes'), and the
  reports sent to their unit.
* report — officers, leaders and administrators of the unit write and send its report.
* approve — the leader of the unit finalises (signs) it.
* manage — a leader or administrator of the body it is sent to (its recipient; the parent unit
  for a report without one) returns or accepts it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from theodoi.tenancy.permissions import Action, scope


def report_rule(user: Any, action: Action) -> Q:
    if action == "manage":
        managers = scope(user, "manage"), scope(user, "approve")
        if any(m.everything for m in managers):
            return Q()
        by_recipient = managers[0].q("recipient") | managers[1].q("recipient")
        by_parent = managers[0].q("unit__parent") | managers[1].q("unit__parent")
        return by_recipient | (Q(recipient__isnull=True) & by_parent)
    if action == "view":
        seen = scope(user, "view")
        if seen.everything:
            return Q()
        # the body a report is sent to reads it once sent (the Sở reads the communes' reports to it)
        return seen.q("unit") | (seen.q("recipient") & Q(state__in=("submitted", "accepted")))
    return scope(user, action).q("unit")
