"""Several months of progress and figures, as units really send them.

The history is built relative to today so every page has something true to show
on any day: most tasks are updated on time and approved, some late, some thin
(a percentage and nothing else), some stalled, some contradictory (100% while
overdue, money paid out without progress), some never started; figures arrive
as numerators and denominators, per commune and per village.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from theodoi.audit.services import record
from theodoi.domain.periods import Period, current_reporting_month, due_date
from theodoi.planning.models import (
    Document,
    Evidence,
    Measurement,
    ProgressUpdate,
    ReviewState,
    Stage,
    Target,
    Task,
    TaskStage,
)
from theodoi.tenancy.models import Membership, Role, Unit, UnitKind

MONTHS = 6
CONTRACT_MONTH = 2  # science tasks sign their contract in the third month of the history


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _clip(title: str, limit: int = 80) -> str:
    """The task's title in a sentence: lower-cased, cut at a word and not mid-word."""
    text = " ".join(title.split()).rstrip(".;:")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text[:1].lower() + text[1:]


_WORK = ("Tổ chức triển khai {task}; lũy kế đạt {percent}% khối lượng công việc theo kế hoạch.",
         "Tiếp tục thực hiện {task}; lũy kế đạt {percent}% khối lượng công việc theo kế hoạch.",
         "Hoàn thành các nội dung trong tháng về {task}; lũy kế đạt {percent}% khối lượng công việc.")


def _work_done(title: str, percent: Decimal, month: int) -> str:
    """What an officer writes in a monthly update: the task in full, and how far it has come."""
    from theodoi.domain.numbers import format_number

    task = _clip(title, limit=10_000)
    template = _WORK[0 if month == 0 else 1 + month % 2]
    if "về {task}" in template and task.startswith("về "):
        task = task[3:]  # a title "Về tài chính, …" after "các nội dung … về": one "về", not two
    return template.format(task=task, percent=format_number(percent))


def _person(unit: Unit, role: str):
    m = Membership.objects.filter(unit=unit, role=role).select_related("user").first()
    return m.user if m else None


def months(today: dt.date) -> list[Period]:
    """The last MONTHS reporting months before the current one, oldest first, then the current."""
    current = current_reporting_month(today)
    out = [current]
    for _ in range(MONTHS):
        out.insert(0, out[0].previous())
    return out


def load(doc: Document, today: dt.date) -> int:
    """Write the demo history of one plan (skipped when it already has updates)."""
    if ProgressUpdate.objects.filter(task__document=doc).exists():
        return 0
    periods = months(today)
    tasks = [t for t in doc.tasks.filter(lead_unit__isnull=False).order_by("position") if not t.children.exists()]
    count = 0
    science = 0
    for i, task in enumerate(tasks):
        written = _task_history(task, i, periods, doc.monthly_due_day, today)
        count += len(written)
        if task.is_science_task:
            # The first science task of a plan misses the record of its latest payment, so the
            # reconciliation of stages, reported disbursement and progress has something to find.
            _stages(task, i + 1, periods, written, today, complete=science > 0)
            science += 1
    _figures(doc, periods, today)
    return count


def _task_history(task: Task, ordinal: int, periods: list[Period], due_day: int,
                  today: dt.date) -> list[ProgressUpdate]:
    """The updates of the plan's ``ordinal``-th task (0-based, in the plan's order).

    Everything varied here (scenario, monthly step) follows the task's place in its plan, never its
    database id: ids depend on what the database held before (PostgreSQL never reuses a sequence
    value), and the demo must be the same on every engine and every load.
    """
    scenario = ordinal % 6
    assert task.lead_unit is not None  # every demo task has its lead unit
    officer = _person(task.lead_unit, Role.OFFICER)
    leader = _person(task.lead_unit, Role.LEADER)
    if scenario == 5:
        return []  # never started: no update at all
    percent = Decimal(0)
    disbursed = Decimal(0)
    written: list[ProgressUpdate] = []
    for k, period in enumerate(periods):
        current = k == len(periods) - 1
        due = due_date(period, due_day)
        if scenario == 1 and k == len(periods) - 2:
            continue  # a late unit that also missed last month
        if scenario == 3 and k >= len(periods) - 4:
            step = Decimal(0)  # stalled for the last months
        elif scenario == 4 and k >= len(periods) - 3:
            step = Decimal(0)
        else:
            step = Decimal(10 + (ordinal % 4) * 5)
        percent = min(Decimal(100), percent + step)
        if scenario == 4 and current:
            percent = Decimal(100)  # reported done, although overdue
        if task.budget_planned and (not task.is_science_task or k >= CONTRACT_MONTH):
            # A science task is paid only once its contract is signed.
            disbursed = min(task.budget_planned, disbursed + (task.budget_planned / 8).quantize(Decimal(1)))
        thin = scenario == 2
        submitted = due - dt.timedelta(days=3) if scenario != 1 else due + dt.timedelta(days=4)
        if current and submitted > today:
            submitted = today
        state = ReviewState.APPROVED
        if current:
            state = {0: ReviewState.SUBMITTED, 1: ReviewState.DRAFT, 2: ReviewState.SUBMITTED,
                     3: ReviewState.RETURNED, 4: ReviewState.SUBMITTED}[scenario]
        update = ProgressUpdate.objects.create(
            task=task, unit=task.lead_unit, period_key=period.key, period_end=period.end,
            percent=percent,
            work_done="" if thin else _work_done(task.title, percent, k),
            outputs_delivered="" if thin or scenario == 3 else "Báo cáo, danh sách, hình ảnh hoạt động",
            disbursed_total=disbursed if task.budget_planned else None,
            difficulties=("Thiếu kinh phí và nhân lực có chuyên môn về công nghệ thông tin."
                          if scenario in (1, 3) else ""),
            proposals="Đề nghị cấp trên hỗ trợ kinh phí, tập huấn kỹ năng số." if scenario in (1, 3) else "",
            state=state, created_by=officer,
            submitted_by=officer if state != ReviewState.DRAFT else None,
            submitted_at=_at(submitted) if state != ReviewState.DRAFT else None,
            reviewed_by=leader if state in (ReviewState.APPROVED, ReviewState.RETURNED) else None,
            reviewed_at=_at(min(today, submitted + dt.timedelta(days=2)), 15)
            if state in (ReviewState.APPROVED, ReviewState.RETURNED) else None,
            review_note="Đề nghị bổ sung minh chứng và sản phẩm cụ thể." if state == ReviewState.RETURNED else "",
        )
        if scenario == 0:
            _evidence(update, officer)
        record("submit" if state != ReviewState.DRAFT else "create", update, actor=officer,
               reason="Dữ liệu mẫu")
        if state in (ReviewState.APPROVED, ReviewState.RETURNED):
            record("approve" if state == ReviewState.APPROVED else "return", update, actor=leader,
                   reason=update.review_note or "Dữ liệu mẫu")
        written.append(update)
    if scenario == 0 and percent >= 100 and task.completed_on is None:
        task.completed_on = periods[-2].end
        task.version += 1
        task.save(update_fields=["completed_on", "version", "updated_at"])
        record("complete", task, reason="Dữ liệu mẫu")
    return written


def _evidence(update: ProgressUpdate, officer) -> None:
    body = f"Biên bản kết quả thực hiện {update.period_key}: {update.task.title}\n".encode()
    ev = Evidence(update=update, original_name=f"bien-ban-{update.period_key}.txt", content_type="text/plain",
                  size=len(body), sha256=hashlib.sha256(body).hexdigest(), uploaded_by=officer)
    ev.file.save(ev.original_name, ContentFile(body), save=True)
    ev.refresh_from_db()
    record("attach", ev, actor=officer, reason=ev.original_name)


def _stages(task: Task, number: int, periods: list[Period], updates: list[ProgressUpdate], today: dt.date, *,
            complete: bool) -> None:
    """The lifecycle of a science task, consistent with its updates: ordered, selected or assigned
    directly, contracted, paid in the months its reported disbursement rose, accepted when an
    approved update reached 100 %, then transferred and followed up (never dated in the future)."""
    if task.stages.exists():
        return
    year = periods[0].year
    plan: list[tuple[str, dt.date, Decimal | None, str]] = [
        (Stage.ORDER, periods[0].start + dt.timedelta(days=6), None, f"Quyết định {110 + number}/QĐ-UBND "
         "phê duyệt danh mục nhiệm vụ đặt hàng"),
        (Stage.SELECTION if number % 2 else Stage.DIRECT, periods[1].start + dt.timedelta(days=8), None,
         f"Quyết định {210 + number}/QĐ-UBND " + ("phê duyệt kết quả tuyển chọn" if number % 2
                                                     else "giao trực tiếp tổ chức chủ trì")),
        (Stage.CONTRACT, periods[CONTRACT_MONTH].start + dt.timedelta(days=3), None,
         f"Hợp đồng {number:02d}/{year}/HĐ-KHCN"),
    ]
    paid_before = Decimal(0)
    payments: list[tuple[str, dt.date, Decimal | None, str]] = []
    for u in updates:
        if u.disbursed_total and u.disbursed_total > paid_before and u.state != ReviewState.DRAFT:
            payments.append((Stage.DISBURSEMENT, min(u.period_end, today) - dt.timedelta(days=4),
                             u.disbursed_total - paid_before, f"Ủy nhiệm chi đợt {len(payments) + 1}"))
            paid_before = u.disbursed_total
    plan += payments if complete else payments[:-1]
    done = next((u for u in updates if u.state == ReviewState.APPROVED and (u.percent or 0) >= 100), None)
    if done is not None:
        accepted = min(done.period_end + dt.timedelta(days=10), today)
        plan += [(Stage.ACCEPTANCE, accepted, None, f"Biên bản nghiệm thu ngày {accepted:%d/%m/%Y}"),
                 (Stage.TRANSFER, accepted + dt.timedelta(days=20), None, "Biên bản bàn giao kết quả"),
                 (Stage.FOLLOW_UP, accepted + dt.timedelta(days=50), None, "Báo cáo tình hình ứng dụng kết quả")]
    for stage, day, amount, ref in plan:
        if day > today:
            continue
        item = TaskStage.objects.create(task=task, stage=stage, date=day, amount=amount, document_ref=ref)
        record("create", item, reason="Dữ liệu mẫu")


def _figures(doc: Document, periods: list[Period], today: dt.date) -> None:
    """Monthly figures of the plan's percentage targets, and one counted target."""
    commune = doc.issuer
    while commune is not None and commune.kind != UnitKind.COMMUNE:
        commune = commune.parent
    if commune is None or commune.valid_to is not None:
        return
    villages = list(Unit.objects.filter(parent=commune, kind=UnitKind.VILLAGE).order_by("slug"))
    # Coverage ratios ("100% hộ ...", "95% hồ sơ ..."), those measured in other plans too first:
    # their figures are what a province's report adds up across communes.
    shared = set(Target.objects.exclude(document=doc).filter(indicator__targets__document=doc)
                 .values_list("indicator_id", flat=True))
    ratios = list(doc.targets.filter(unit_of_measure="%", value__gte=50).order_by("position"))
    pct = sorted(ratios, key=lambda t: (t.indicator_id not in shared, t.position))[:4]
    # A target counted in things (products, models, initiatives), not an index or a ranking.
    countable = doc.targets.exclude(unit_of_measure__in=("%", "index", "thứ hạng", "")).order_by("position")
    counted = countable.filter(value__gte=3).first() or countable.filter(value__gte=1).first()
    default = Unit.objects.filter(slug=f"{commune.slug}-vhxh").first() or commune
    for j, target in enumerate(pct):
        # villages report the first coverage figure; the office responsible for a target the others
        office = target.responsible_unit or commune
        officer = _person(office if office != commune else default, Role.OFFICER)
        reporters = villages if (j == 0 and villages) else [office]
        for r, unit in enumerate(reporters):
            denominator = Decimal(120 + 40 * r + 60 * j)
            for k, period in enumerate(periods[:-1]):
                share = Decimal(min(100, 35 + 9 * k + 5 * r + 3 * j)) / 100
                numerator = (denominator * share).quantize(Decimal(1))
                if j == 0 and r == len(reporters) - 1 and k == len(periods) - 2:
                    # The last village's latest figure counts more households than it has:
                    # numerator over denominator, a contradiction the warnings must catch.
                    numerator = denominator + 12
                _figure(target, unit, period, officer, numerator=numerator,
                        denominator=denominator, stalled=(j == 2 and k >= 3))
    if counted is not None:
        steps = len(periods) - 1
        previous = Decimal(0)
        for k, period in enumerate(periods[:-1]):
            # Growing towards the goal over the months, except the last figure, which goes
            # down: a cumulative count must not, so the warnings have a contradiction to find.
            reached = k + 1 if k < steps - 1 else k - 1
            goal = counted.value or Decimal(0)
            value = max(Decimal(0), (goal * reached / (steps + 2)).quantize(Decimal(1)))
            if k == steps - 1 and value == previous:
                value = max(Decimal(0), previous - 1)
            previous = value
            _figure(counted, counted.responsible_unit or commune, period,
                    _person(counted.responsible_unit or default, Role.OFFICER), value=value)


def _figure(target: Target, unit: Unit, period: Period, officer, *, value=None, numerator=None,
            denominator=None, stalled: bool = False) -> None:
    if stalled:
        numerator = Measurement.objects.filter(target=target, unit=unit).order_by("-period_end").values_list(
            "numerator", flat=True).first() or numerator
    m = Measurement.objects.create(
        target=target, unit=unit, period_key=period.key, period_end=period.end, value=value, numerator=numerator,
        denominator=denominator, source="Báo cáo của đơn vị", entered_by=officer, created_by=officer,
        state=ReviewState.APPROVED, submitted_by=officer, submitted_at=_at(period.end),
        reviewed_at=_at(period.end, 16),
    )
    record("submit", m, actor=officer, reason="Dữ liệu mẫu")
