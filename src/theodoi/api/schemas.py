"""Pydantic schemas of API v1. Field names are the model's; units and plans are named by slug/uid."""


import datetime as dt
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema


def _slug(unit) -> str | None:
    return unit.slug if unit is not None else None


class UnitOut(Schema):
    slug: str
    name: str
    short_name: str = ""
    kind: str
    parent: str | None = None
    path: str

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return _slug(obj.parent)


class PlanOut(Schema):
    uid: UUID
    doc_type: str
    number: str
    title: str
    issuer: str | None = None
    issuer_name: str
    issued_date: dt.date | None
    period_start: int | None
    period_end: int | None
    status: str
    monthly_due_day: int

    @staticmethod
    def resolve_issuer(obj) -> str | None:
        return _slug(obj.issuer)
    is_public: bool
    confidential: bool


class TargetOut(Schema):
    uid: UUID
    plan: UUID = Field(..., alias="document.uid")
    code: str
    text: str
    section: str
    area: str
    comparator: str
    value: Decimal | None
    value_max: Decimal | None
    unit_of_measure: str
    baseline: Decimal | None
    baseline_year: int | None
    deadline_year: int | None
    deadline: dt.date | None
    responsible_unit: str | None = None
    reporting_units: list[str] = Field(default_factory=list, description="slug của các đơn vị báo cáo số liệu")
    confidential: bool
    version: int

    @staticmethod
    def resolve_responsible_unit(obj) -> str | None:
        return _slug(obj.responsible_unit)

    @staticmethod
    def resolve_reporting_units(obj) -> list[str]:
        return sorted(u.slug for u in obj.reporting_units.all())


class TaskOut(Schema):
    uid: UUID
    plan: UUID = Field(..., alias="document.uid")
    code: str
    title: str
    lead_unit: str | None = None
    lead_unit_name: str
    coordinating_units: list[str] = Field(default_factory=list, description="slug của các đơn vị phối hợp")
    receiving_unit: str | None = None
    outputs: str
    deadline_text: str
    deadline_kind: str
    due_date: dt.date | None
    recurrence: str
    run_state: str
    completed_on: dt.date | None
    budget_planned: Decimal | None
    funding_source: str
    is_public: bool
    finance_public: bool
    confidential: bool
    version: int

    @staticmethod
    def resolve_lead_unit(obj) -> str | None:
        return _slug(obj.lead_unit)

    @staticmethod
    def resolve_receiving_unit(obj) -> str | None:
        return _slug(obj.receiving_unit)

    @staticmethod
    def resolve_coordinating_units(obj) -> list[str]:
        return sorted(u.slug for u in obj.coordinating_units.all())


class UpdateOut(Schema):
    uid: UUID
    task: UUID = Field(..., alias="task.uid")
    unit: str = Field(..., alias="unit.slug")
    period_key: str
    period_end: dt.date
    percent: Decimal | None
    work_done: str
    outputs_delivered: str
    disbursed_total: Decimal | None
    difficulties: str
    proposals: str
    state: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_note: str
    version: int


class MeasurementOut(Schema):
    uid: UUID
    target: UUID = Field(..., alias="target.uid")
    unit: str = Field(..., alias="unit.slug")
    period_key: str
    period_end: dt.date
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    source: str
    note: str
    state: str
    version: int


class WarningOut(Schema):
    code: str
    label: str
    severity: str
    reason: str
    unit: str | None
    unit_name: str
    task: str | None
    target: str | None
    subject: str
    period: str | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[dict[str, str]]


class UpdateIn(Schema):
    period_key: str = Field(..., description="Kỳ báo cáo, ví dụ 2026-05")
    percent: Decimal | None = None
    work_done: str = ""
    outputs_delivered: str = ""
    disbursed_total: Decimal | None = None
    difficulties: str = ""
    proposals: str = ""
    submit: bool = True
    expected_version: int | None = Field(None, description="Phiên bản đã đọc (null nếu chưa có báo cáo kỳ này)")


class MeasurementIn(Schema):
    unit: str = Field(..., description="slug của đơn vị báo cáo")
    period_key: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str = ""
    note: str = ""
    submit: bool = True
    expected_version: int | None = None


class TaskPatch(Schema):
    """Fields of a task to change (PATCH: only those sent; null clears a unit). Units by slug."""

    lead_unit: str | None = None
    coordinating_units: list[str] | None = None
    receiving_unit: str | None = None
    responsible_person: str | None = Field(None, description="tên đăng nhập của người phụ trách")
    deadline_text: str | None = Field(None, description="thời hạn như kế hoạch ghi: «Quý II/2026», «Hằng năm» …")
    outputs: str | None = None
    responsibility: str | None = None
    approving_authority: str | None = None
    budget_planned: Decimal | None = None
    funding_source: str | None = None
    expected_version: int = Field(..., description="Phiên bản đã đọc (version của nhiệm vụ)")


class TargetPatch(Schema):
    """A target's responsible unit and reporting units (slugs; PATCH: only those sent)."""

    responsible_unit: str | None = None
    reporting_units: list[str] | None = None
    expected_version: int = Field(..., description="Phiên bản đã đọc (version của chỉ tiêu)")


class ReviewIn(Schema):
    action: str = Field(..., description="approve | return")
    reason: str = ""
    expected_version: int | None = None


class ErrorOut(Schema):
    detail: str
    errors: list[str] = []


# Public mirrors of the portal (portal.selectors dataclasses).
class PublicTargetOut(Schema):
    uid: str
    code: str
    text: str
    area: str
    comparator: str
    goal: Decimal | None
    unit_of_measure: str
    deadline_year: int | None
    value: Decimal | None
    period_key: str
    period_label: str
    status: str
    status_code: str


class PublicUpdateOut(Schema):
    period_key: str
    period_end: dt.date
    percent: Decimal | None
    work_done: str
    outputs_delivered: str
    period_label: str


class PublicTaskOut(Schema):
    uid: str
    code: str
    title: str
    lead_unit: str
    outputs: str
    deadline_text: str
    due_date: dt.date | None
    status: str
    status_code: str
    percent: Decimal | None
    period_key: str
    period_label: str
    finance_public: bool
    budget: Decimal | None
    disbursed_total: Decimal | None
    plan_uid: str
    updates: list[PublicUpdateOut] = []


class PublicPlanOut(Schema):
    uid: str
    number: str
    title: str
    doc_type: str
    issuer: str
    province: str
    issued_date: dt.date | None
    period_start: int | None
    period_end: int | None
    status: str


class PublicPlanDetailOut(PublicPlanOut):
    targets: list[PublicTargetOut]
    tasks: list[PublicTaskOut]


class PublicFeedbackOut(Schema):
    kind: str
    name: str
    organisation: str
    body: str
    answer: str
    created_at: dt.datetime
    answered_at: dt.datetime | None
    task: UUID | None = None

    @staticmethod
    def resolve_task(obj) -> UUID | None:
        return obj.task.uid if obj.task_id else None
