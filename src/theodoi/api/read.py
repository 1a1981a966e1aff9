"""Read endpoints for signed-in users and token holders; every list goes through ``restrict``."""


from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from theodoi.api import schemas as s
from theodoi.api.common import ApiRequest, readable
from theodoi.planning.models import Document, Measurement, ProgressUpdate, Target, Task
from theodoi.tenancy.models import Unit
from theodoi.tenancy.permissions import restrict, roles_of

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


def _by_uid(qs: QuerySet, field: str, uid: str | None) -> QuerySet:
    from uuid import UUID

    if not uid:
        return qs
    try:
        return qs.filter(**{f"{field}__uid": UUID(uid)})
    except ValueError:
        return qs.none()


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
    qs = restrict(Unit.objects.select_related("parent"), request.auth, "view").order_by("path")
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.within:
        root = Unit.objects.filter(slug=f.within).first()
        qs = qs.filter(path__startswith=root.path) if root else qs.none()
    return qs


@router.get("/units/{slug}", response=s.UnitOut, summary="Một đơn vị")
def unit(request: ApiRequest, slug: str):
    return readable(Unit.objects.select_related("parent"), request.auth, slug=slug)


class PlanFilter(Schema):
    status: str | None = None
    issuer: str | None = None  # slug: plans issued in that unit's subtree


@router.get("/plans", response=list[s.PlanOut], summary="Kế hoạch, văn bản")
@paginate(Pages)
def plans(request: ApiRequest, f: Query[PlanFilter]):
    qs = restrict(Document.objects.plans().select_related("issuer"), request.auth, "view")
    if f.status:
        qs = qs.filter(status=f.status)
    if f.issuer:
        root = Unit.objects.filter(slug=f.issuer).first()
        qs = qs.filter(issuer__path__startswith=root.path) if root else qs.none()
    return qs.order_by("-issued_date", "id")


@router.get("/plans/{uid}", response=s.PlanOut, summary="Một kế hoạch")
def plan(request: ApiRequest, uid: str):
    return readable(Document.objects.select_related("issuer"), request.auth, uid=uid)


@router.get("/targets", response=list[s.TargetOut], summary="Chỉ tiêu")
@paginate(Pages)
def targets(request: ApiRequest, plan: str | None = None):
    qs = restrict(Target.objects.select_related("document", "responsible_unit")
                  .prefetch_related("reporting_units"), request.auth, "view")
    return _by_uid(qs, "document", plan).order_by("document_id", "position", "id")


@router.get("/targets/{uid}", response=s.TargetOut, summary="Một chỉ tiêu")
def target(request: ApiRequest, uid: str):
    return readable(Target.objects.select_related("document", "responsible_unit")
                    .prefetch_related("reporting_units"), request.auth, uid=uid)


@router.get("/tasks", response=list[s.TaskOut], summary="Nhiệm vụ")
@paginate(Pages)
def tasks(request: ApiRequest, plan: str | None = None, lead: str | None = None):
    qs = restrict(Task.objects.select_related("document", "lead_unit", "receiving_unit")
                  .prefetch_related("coordinating_units"), request.auth, "view")
    if lead:
        root = Unit.objects.filter(slug=lead).first()
        qs = qs.filter(lead_unit__path__startswith=root.path) if root else qs.none()
    return _by_uid(qs, "document", plan).order_by("document_id", "position", "id")


@router.get("/tasks/{uid}", response=s.TaskOut, summary="Một nhiệm vụ")
def task(request: ApiRequest, uid: str):
    return readable(Task.objects.select_related("document", "lead_unit", "receiving_unit")
                    .prefetch_related("coordinating_units"), request.auth, uid=uid)


@router.get("/updates", response=list[s.UpdateOut], summary="Báo cáo tiến độ")
@paginate(Pages)
def updates(request: ApiRequest, task: str | None = None, period: str | None = None, state: str | None = None):
    qs = restrict(ProgressUpdate.objects.select_related("task", "unit"), request.auth, "view")
    if period:
        qs = qs.filter(period_key=period)
    if state:
        qs = qs.filter(state=state)
    return _by_uid(qs, "task", task).order_by("-period_end", "id")


@router.get("/updates/{uid}", response=s.UpdateOut, summary="Một báo cáo tiến độ")
def update(request: ApiRequest, uid: str):
    return readable(ProgressUpdate.objects.select_related("task", "unit"), request.auth, uid=uid)


@router.get("/measurements", response=list[s.MeasurementOut], summary="Số liệu chỉ tiêu")
@paginate(Pages)
def measurements(request: ApiRequest, target: str | None = None, period: str | None = None,
                 state: str | None = None):
    qs = restrict(Measurement.objects.select_related("target", "unit"), request.auth, "view")
    if period:
        qs = qs.filter(period_key=period)
    if state:
        qs = qs.filter(state=state)
    return _by_uid(qs, "target", target).order_by("-period_end", "id")


@router.get("/measurements/{uid}", response=s.MeasurementOut, summary="Một số liệu")
def measurement(request: ApiRequest, uid: str):
    return readable(Measurement.objects.select_related("target", "unit"), request.auth, uid=uid)


@router.get("/warnings", response=list[s.WarningOut], summary="Cảnh báo hôm nay")
def warnings(request: ApiRequest, unit: str | None = None):
    from theodoi.planning.selectors.warnings import compute_warnings

    scope_unit = None
    if unit:
        scope_unit = readable(Unit.objects.all(), request.auth, slug=unit)
    found = compute_warnings(timezone.localdate(), user=request.auth, unit=scope_unit)
    return [w.to_dict() for w in found]
