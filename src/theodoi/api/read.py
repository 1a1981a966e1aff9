"""Read endpoints for signed-in users and token holders; every list goes through ``restrict``."""


from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from theodoi.api import schemas as s
from theodoi.api.common import ApiRequest, readable
from theodoi.planning.selectors import lists
from theodoi.tenancy.permissions import roles_of

router = Router(tags=["đọc"])


class Pages(LimitOffsetPagination):
    class Input(LimitOffsetPagination.Input):
        limit: int = 100
        offset: int = 0

    def paginate_queryset(self, queryset: QuerySet, pagination: LimitOffsetPagination.Input,
                          request: HttpRequest, **params: Any) -> Any:
        pagination.limit = max(1, min(pagination.limit, 500))
        pagination.offset = max(0, pagination.offset)
        return super().paginate_queryset(queryset, pagination, request, **params)


@router.get("/me", response=s.MeOut, summary="Người dùng hiện tại và vai trò")
def me(request: ApiRequest):
    u = request.auth
    return {"username": u.username, "full_name": getattr(u, "full_name", ""),
            "roles": [{"role": str(r), "unit": unit.slug} for r, unit in roles_of(u)]}


class UnitFilter(Schema):
    kind: str | None = None
    within: str | None = None  # slug: that unit's subtree


@router.get("/units", response=list[s.UnitOut], summary="Đơn vị")
@paginate(Pages)
def units(request: ApiRequest, f: Query[UnitFilter]):
    return lists.units(request.auth, kind=f.kind, within=f.within)


@router.get("/units/{slug}", response=s.UnitOut, summary="Một đơn vị")
def unit(request: ApiRequest, slug: str):
    return readable(lists.unit_qs(), request.auth, slug=slug)


class PlanFilter(Schema):
    status: str | None = None
    issuer: str | None = None  # slug: plans issued in that unit's subtree


@router.get("/plans", response=list[s.PlanOut], summary="Kế hoạch, văn bản")
@paginate(Pages)
def plans(request: ApiRequest, f: Query[PlanFilter]):
    return lists.plans(request.auth, status=f.status, issuer=f.issuer)


@router.get("/plans/{uid}", response=s.PlanOut, summary="Một kế hoạch")
def plan(request: ApiRequest, uid: str):
    return readable(lists.plan_qs(), request.auth, uid=uid)


@router.get("/targets", response=list[s.TargetOut], summary="Chỉ tiêu")
@paginate(Pages)
def targets(request: ApiRequest, plan: str | None = None):
    return lists.targets(request.auth, plan=plan)


@router.get("/targets/{uid}", response=s.TargetOut, summary="Một chỉ tiêu")
def target(request: ApiRequest, uid: str):
    return readable(lists.target_qs(), request.auth, uid=uid)


@router.get("/tasks", response=list[s.TaskOut], summary="Nhiệm vụ")
@paginate(Pages)
def tasks(request: ApiRequest, plan: str | None = None, lead: str | None = None):
    return lists.tasks(request.auth, plan=plan, lead=lead)


@router.get("/tasks/{uid}", response=s.TaskOut, summary="Một nhiệm vụ")
def task(request: ApiRequest, uid: str):
    return readable(lists.task_qs(), request.auth, uid=uid)


@router.get("/updates", response=list[s.UpdateOut], summary="Báo cáo tiến độ")
@paginate(Pages)
def updates(request: ApiRequest, task: str | None = None, period: str | None = None, state: str | None = None):
    return lists.updates(request.auth, task=task, period=period, state=state)


@router.get("/updates/{uid}", response=s.UpdateOut, summary="Một báo cáo tiến độ")
def update(request: ApiRequest, uid: str):
    return readable(lists.update_qs(), request.auth, uid=uid)


@router.get("/measurements", response=list[s.MeasurementOut], summary="Số liệu chỉ tiêu")
@paginate(Pages)
def measurements(request: ApiRequest, target: str | None = None, period: str | None = None,
                 state: str | None = None):
    return lists.figures(request.auth, target=target, period=period, state=state)


@router.get("/measurements/{uid}", response=s.MeasurementOut, summary="Một số liệu")
def measurement(request: ApiRequest, uid: str):
    return readable(lists.figure_qs(), request.auth, uid=uid)


@router.get("/warnings", response=list[s.WarningOut], summary="Cảnh báo hôm nay")
def warnings(request: ApiRequest, unit: str | None = None):
    from theodoi.planning.selectors.warnings import compute_warnings

    scope_unit = None
    if unit:
        scope_unit = readable(lists.unit_qs(), request.auth, slug=unit)
    found = compute_warnings(timezone.localdate(), user=request.auth, unit=scope_unit)
    return [w.to_dict() for w in found]
