"""Staff write endpoints: thin wrappers over the tracking services (which check permissions,
lock versions and write the audit trail)."""


import datetime as dt
from decimal import Decimal
from uuid import UUID

from ninja import Field, Router, Schema

from theodoi.api import schemas as s
from theodoi.api.common import ApiRequest, readable, readable_found
from theodoi.api.read import router as read_router
from theodoi.planning.selectors import lists
from theodoi.planning.services import lifecycle, progress, review
from theodoi.planning.services import measurements as figure_services
from theodoi.planning.services import tasks as task_services
from theodoi.tenancy.models import Unit  # the type of the units a PATCH names

router = Router(tags=["ghi"])
ERRORS = {403: s.ErrorOut, 404: s.ErrorOut, 409: dict, 422: s.ErrorOut}


@router.post("/tasks/{uid}/updates", response={200: s.UpdateOut, **ERRORS},
             summary="Lưu (và gửi) báo cáo tiến độ của nhiệm vụ cho một kỳ")
def save_update(request: ApiRequest, uid: str, data: s.UpdateIn):
    # the task with its plan, the plan's issuer and its lead unit, not the units and text a page shows
    task = readable_found(lists.reported_task, request.auth, uid)
    fields = data.dict(include={"percent", "work_done", "outputs_delivered", "disbursed_total",
                                "difficulties", "proposals"})
    row = progress.save_update(user=request.auth, task=task, period_key=data.period_key, data=fields,
                               expected_version=data.expected_version, submit=data.submit)
    if task.lead_unit is not None:  # always (the service refuses a task without one)
        row.unit = task.lead_unit  # the update's unit is the task's lead unit, loaded with it: no re-read
    return row  # as written and stored (the service gives it its task)


@router.post("/targets/{uid}/measurements", response={200: s.MeasurementOut, **ERRORS},
             summary="Lưu (và gửi) số liệu của chỉ tiêu cho một đơn vị và một kỳ")
def save_measurement(request: ApiRequest, uid: str, data: s.MeasurementIn):
    target = readable(lists.target_qs().select_related("indicator"), request.auth, uid=uid)
    unit = readable(lists.unit_qs(), request.auth, slug=data.unit)
    row = figure_services.save_measurement(
        user=request.auth, target=target, unit=unit, period_key=data.period_key, value=data.value,
        numerator=data.numerator, denominator=data.denominator, source=data.source, note=data.note,
        expected_version=data.expected_version, submit=data.submit,
    )
    return lists.figure_qs().get(pk=row.pk)


def _review(request: ApiRequest, obj, data: s.ReviewIn):
    from django.core.exceptions import ValidationError

    if data.action == "approve":
        return review.approve(request.auth, obj, expected_version=data.expected_version)
    if data.action == "return":
        return review.return_for_changes(request.auth, obj, data.reason, expected_version=data.expected_version)
    raise ValidationError("Thao tác phải là approve hoặc return.")


@router.post("/updates/{uid}/review", response={200: s.UpdateOut, **ERRORS},
             summary="Duyệt hoặc trả lại báo cáo tiến độ")
def review_update(request: ApiRequest, uid: str, data: s.ReviewIn):
    obj = readable(lists.update_qs(), request.auth, uid=uid)
    row = _review(request, obj, data)
    return lists.update_qs().get(pk=row.pk)


@router.post("/measurements/{uid}/review", response={200: s.MeasurementOut, **ERRORS},
             summary="Duyệt hoặc trả lại số liệu")
def review_measurement(request: ApiRequest, uid: str, data: s.ReviewIn):
    obj = readable(lists.figure_qs(), request.auth, uid=uid)
    row = _review(request, obj, data)
    return lists.figure_qs().get(pk=row.pk)


def _units(slugs: list[str]) -> list[Unit]:
    """Units named by slug; an unknown slug is a 422 naming it (the service checks the plan's tree)."""
    from django.core.exceptions import ValidationError

    found, missing = lists.units_named(slugs)
    if missing:
        raise ValidationError(f"Không có đơn vị: {', '.join(missing)}.")
    return found


def _unit(slug: str | None) -> Unit | None:
    return _units([slug])[0] if slug else None


# django-ninja builds one URL pattern per path and router: a PATCH on a path the read router
# already serves (GET /tasks/{uid}) must be declared on that router, or it answers 405.
@read_router.patch("/tasks/{uid}", response={200: s.TaskOut, **ERRORS}, tags=["ghi"],
              summary="Sửa nhiệm vụ: đơn vị chủ trì, phối hợp, tiếp nhận, người phụ trách, thời hạn, kinh phí")
def patch_task(request: ApiRequest, uid: str, data: s.TaskPatch):
    from django.core.exceptions import ValidationError

    from theodoi.planning.services import tasks as task_services

    task = readable(lists.task_qs().select_related("document__issuer"), request.auth, uid=uid)
    sent = data.model_dump(exclude_unset=True)
    sent.pop("expected_version", None)
    fields: dict = {}
    for name, value in sent.items():
        if name in ("lead_unit", "receiving_unit"):
            fields[name] = _unit(value)
        elif name == "coordinating_units":
            fields[name] = _units(list(value or []))
        elif name == "responsible_person":
            person = lists.person_named(value) if value else None
            if value and person is None:
                raise ValidationError(f"Không có người dùng: {value}.")
            fields[name] = person
        else:
            fields[name] = "" if value is None and name != "budget_planned" else value
    row = task_services.update_task(user=request.auth, task=task, fields=fields,
                                    expected_version=data.expected_version)
    return lists.task_qs().get(pk=row.pk)


@read_router.patch("/targets/{uid}", response={200: s.TargetOut, **ERRORS}, tags=["ghi"],
              summary="Sửa chỉ tiêu: đơn vị theo dõi và các đơn vị báo cáo số liệu")
def patch_target(request: ApiRequest, uid: str, data: s.TargetPatch):
    from theodoi.planning.services import targets as target_services

    target = readable(lists.target_qs().select_related("document__issuer"), request.auth, uid=uid)
    sent = data.model_dump(exclude_unset=True)
    fields: dict = {}
    if "responsible_unit" in sent:
        fields["responsible_unit"] = _unit(sent["responsible_unit"])
    if "reporting_units" in sent:
        fields["reporting_units"] = _units(list(sent["reporting_units"] or []))
    row = target_services.update_target(user=request.auth, target=target, fields=fields,
                                        expected_version=data.expected_version)
    return lists.target_qs().get(pk=row.pk)
class RunStateIn(Schema):
    run_state: str = Field(..., description="active | paused | stopped")
    reason: str = Field("", description="bắt buộc khi tạm dừng hoặc dừng")
    expected_version: int | None = None


@router.post("/tasks/{uid}/run-state", response={200: s.TaskOut, **ERRORS},
             summary="Tạm dừng, dừng hoặc cho tiếp tục nhiệm vụ (lãnh đạo cơ quan ban hành), có lý do")
def set_run_state(request: ApiRequest, uid: str, data: RunStateIn):
    task = readable(lists.task_qs(), request.auth, uid=uid)
    row = task_services.set_run_state(user=request.auth, task=task, run_state=data.run_state, reason=data.reason,
                                      expected_version=data.expected_version)
    return lists.task_qs().get(pk=row.pk)


class StageIn(Schema):
    stage: str = Field(..., description="dat_hang | tuyen_chon | giao_truc_tiep | hop_dong | giai_ngan | "
                                        "nghiem_thu | chuyen_giao | theo_doi")
    date: dt.date
    document_ref: str = ""
    amount: Decimal | None = None
    note: str = ""
    order_reason: str = Field("", description="bắt buộc khi giai đoạn không theo thứ tự")


class StageOut(Schema):
    uid: UUID
    task: UUID = Field(..., alias="task.uid")
    stage: str
    date: dt.date
    document_ref: str
    amount: Decimal | None
    note: str
    order_reason: str


@router.post("/tasks/{uid}/stages", response={200: StageOut, **ERRORS},
             summary="Ghi nhận một giai đoạn của nhiệm vụ KH&CN (đơn vị chủ trì), theo thứ tự hoặc có lý do")
def add_stage(request: ApiRequest, uid: str, data: StageIn):
    task = readable(lists.task_qs(), request.auth, uid=uid)
    row = lifecycle.add_stage(user=request.auth, task=task, stage=data.stage, date=data.date,
                              document_ref=data.document_ref, amount=data.amount, note=data.note,
                              order_reason=data.order_reason)
    return lists.stage_qs().get(pk=row.pk)
