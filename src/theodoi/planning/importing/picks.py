"""The units the office picked, on the review page, for names of a plan the tree did not resolve.

A pick stands for its name everywhere in the plan (``UnitMatcher.choose``), must be a unit of the
issuer's tree (``plan_units``), and is kept with the plan (``unit_choices`` in its stored
extraction), so the next import of the same plan gives the name the same unit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from theodoi.planning.models import Document
from theodoi.tenancy.models import Unit

# The key of a stored extraction holding the office's picks for names the tree did not resolve.
CHOICES = "unit_choices"


def _allowed(issuer: Unit) -> set[int]:
    from theodoi.planning.selectors.assignable import plan_units

    return set(plan_units(Document(issuer=issuer)).values_list("pk", flat=True))


def check_picks(units: dict[str, Unit | None], issuer: Unit) -> None:
    """The office's picks for unresolved names, refused when a pick is outside the issuer's tree."""
    if not any(units.values()):
        return
    allowed = _allowed(issuer)
    outside = sorted(u.name for u in units.values() if u is not None and u.pk not in allowed)
    if outside:
        raise ValidationError(f"{', '.join(outside)} không thuộc {issuer.name} (đơn vị ban hành) nên không thể "
                              "nhận nhiệm vụ của kế hoạch này.")


def remembered_units(stored: dict | None, issuer: Unit) -> dict[str, Unit]:
    """The units the office picked for unresolved names when the plan was imported before (kept in its
    stored extraction, ``unit_choices``), those still in the issuer's tree today."""
    saved = (stored or {}).get(CHOICES) or {}
    if not isinstance(saved, dict) or not saved:
        return {}
    allowed = _allowed(issuer)
    units = Unit.objects.in_bulk([pk for pk in saved.values() if isinstance(pk, int) and pk in allowed])
    return {name: units[pk] for name, pk in saved.items() if pk in units}
