"""Permission rules of the portal's models, registered with ``tenancy.permissions`` at start-up.

* Feedback — **view**: members at or above the unit that issued the plan (its standing office,
  leaders, the province reading its communes); **manage** (answer, hide): administrators
  (standing office) of the issuer's subtree, as for editing the plan itself.
* ApiToken — a user sees and revokes only their own tokens; superusers all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from theodoi.tenancy.permissions import Action, register, scope


def feedback_rule(user: Any, action: Action) -> Q:
    if action == "view":
        return scope(user, "view").q("document__issuer")
    if action == "manage":
        return scope(user, "manage").q("document__issuer")
    return Q(pk__in=[])


def api_token_rule(user: Any, action: Action) -> Q:
    if user.is_superuser:
        return Q()
    if action in ("view", "manage"):
        return Q(user=user)
    return Q(pk__in=[])


def register_rules() -> None:
    register("portal.Feedback", feedback_rule)
    register("portal.ApiToken", api_token_rule)
