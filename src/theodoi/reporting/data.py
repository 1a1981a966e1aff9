"""Everything a report says, read from the database for one unit and one period (a selector).

:func:`gather` returns a JSON-native dict (decimals as strings, dates ISO): the
"data snapshot" that the narrative drafter and the DOCX/XLSX/PDF builders read, and
that a finalised report freezes. Only what was sent (submitted or approved) up to the
end of the period counts; progress percentages and completion come from approved
updates, as in the tracking pages. Confidential plans, targets and tasks stay out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q

from theodoi.domain.status import TASK_LABELS, TaskStatus, task_code, task_overdue
from theodoi.domain.text import of_place
from theodoi.planning.models import DocStatus, ProgressUpdate, Stage, Task, TaskStage
from theodoi.planning.selectors.status import TaskHistory, facts_of
from theodoi.reporting import figures, layout, lines, periods, progress, received
from theodoi.tenancy.models import Unit, UnitKind
from theodoi.tenancy.tree import tree_keys

SCHEMA = 1


def unit_info(unit: Unit) -> layout.UnitInfo:
    ancestors = list(unit.ancestors())
    parent = ancestors[-1] if ancestors else None
    province = next((u for u in ancestors if u.kind == UnitKind.PROVINCE), None)
    commune = next((u for u in reversed(ancestors) if u.kind == UnitKind.COMMUNE), None)
    return layout.UnitInfo(
        name=unit.name, kind=unit.kind, parent_name=parent.name if parent else "",
        parent_kind=parent.kind if parent else "", province_name=province.name if province else "",
        commune_name=commune.name if commune else "",
    )


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).normalize(), "f")


def gather(unit: Unit, kind: str, period: Any) -> dict[str, Any]:
    """The data snapshot of ``unit``'s ``kind`` report for ``period``.

    It covers the report's scope (``lines.scope_of``: the unit, and the units whose reports come
    to it, on its side of the line) and names where it goes (``lines.line_of``)."""
    nxt = periods.following(period)
    scope = lines.scope_of(unit, kind, period)
    line = lines.line_of(unit, kind, period)
    tasks = _tasks(scope, period)
    has_children = bool(scope.members)
    counts = Counter(t["status_code"] for t in tasks["rows"])
    flagged: list[dict[str, Any]] = []
    got = received.received(unit, kind, period)
    used: list[dict[str, Any]] = []
    targets = figures.target_rows(scope, period, flagged, received=got, used=used)
    return {
        "schema": SCHEMA,
        "unit": {"id": unit.pk, "slug": unit.slug, "name": unit.name, "kind": unit.kind},
        "frame": layout.frame_for(unit_info(unit), recipient=line.recipient_name,
                                  recipient_kind=line.recipient.kind if line.recipient else "").as_dict(),
        "line": {**line.as_dict(), "due": periods.due(period, line.due_day).isoformat()},
        "senders": [{"id": u.pk, "name": u.name, "kind": u.kind} for u in lines.senders(unit, kind, period)],
        "kind": kind,
        "period": {"key": period.key, "kind": period.kind, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), "phrase": periods.phrase(period)},
        "next_period": {"key": nxt.key, "phrase": periods.phrase(nxt)},
        "aggregate": has_children,
        "plans": _plans(scope, period),
        "targets": targets,
        "flagged": flagged,
        "task_groups": tasks["groups"],
        "task_counts": {**{c.value: counts.get(c.value, 0) for c in TaskStatus}, "total": len(tasks["rows"])},
        "disbursement": tasks["money"],
        "difficulties": tasks["difficulties"],
        "proposals": tasks["proposals"],
        "late": tasks["late"],
        "next_tasks": _next_tasks(tasks["rows"], nxt),
        "by_unit": tasks["by_unit"] if has_children else [],
        "science": tasks["science"],
        # the senders of their own report (received on time, late or not at all) and the figures this
        # report counts, frozen with it at signing so its own recipient aggregates what was signed
        "received": [r.as_dict() for r in got],
        "figures": used,
        **({"conformity": _conformity(scope, period)} if kind == "annual" else {}),
    }


def _task_queryset(scope: lines.Scope, period: Any):
    """Tasks of the plans issued in the scope, and tasks led in the scope (a commune office leading a task
    of the Party committee's resolution reports it to its People's Committee too)."""
    return (Task.objects.filter(scope.issuer_q() | scope.q("lead_unit"))
            .filter(confidential=False, document__confidential=False)
            .exclude(document__status="stub")
            .filter(Q(document__issued_date__isnull=True) | Q(document__issued_date__lte=period.end)))


def _report_tasks(scope: lines.Scope, period: Any) -> list[Task]:
    """The tasks of ``_task_queryset`` with their plan (and its issuer), lead unit (and its parent) and
    parent task, each read once and shared by its tasks (a province's plans have thousands of tasks
    and a few dozen plans and units), never with the plan's text."""
    from theodoi.planning.models import Document

    tasks = list(_task_queryset(scope, period))
    docs = Document.objects.select_related("issuer").defer("source_text", "extraction").in_bulk(
        {t.document_id for t in tasks})
    leads = Unit.objects.select_related("parent").in_bulk({t.lead_unit_id for t in tasks if t.lead_unit_id})
    parents = Task.objects.only("title").in_bulk({t.parent_id for t in tasks if t.parent_id})
    for t in tasks:
        t.document = docs[t.document_id]
        t.lead_unit = leads.get(t.lead_unit_id) if t.lead_unit_id else None
        t.parent = parents.get(t.parent_id) if t.parent_id else None
    return tasks


def _owner(t: Task, scope: lines.Scope) -> Unit | None:
    """The member of the scope a task is counted under: where its lead sits, else whose plan it is."""
    if t.lead_unit is not None:
        found = scope.member_of(t.lead_unit.path)
        if found is not None:
            return found
    issuer = t.document.issuer
    return scope.member_of(issuer.path) if issuer is not None else None


def _of_place(name: str, place: Unit) -> str:
    """"Công an xã" of Xã Phong Thổ -> "Công an xã Phong Thổ" (``domain.text.of_place``, as every page names it)."""
    return of_place(name, place.name)


def _sender_label(u: dict[str, Any], unit: Unit) -> str:
    """Who sent an update (its ``progress.IN_PERIOD`` row), told apart as the lead is ("Văn phòng HĐND và
    UBND xã Bum Nưa")."""
    parent_id = u["unit__parent_id"]
    if (u["unit__kind"] in lines.OFFICE_KINDS and parent_id is not None and parent_id != unit.pk
            and not unit.path.startswith(u["unit__parent__path"])):
        return of_place(u["unit__name"], u["unit__parent__name"])
    return u["unit__name"]


def _lead_label(t: Task, owner: Unit | None, unit: Unit) -> str:
    """The lead as a reader far away tells it apart: every commune has a "Công an xã"; a task the plan
    gives no lead is its issuing body's own."""
    lead = t.lead_unit
    if lead is None:
        issuer = t.document.issuer
        return t.lead_unit_name or (lines.body_name(issuer) if issuer else t.document.issuer_name)
    if owner is not None and lead.pk != owner.pk and lead.path.startswith(owner.path):
        return _of_place(lead.name, owner)
    parent = lead.parent
    if (lead.kind in lines.OFFICE_KINDS and parent is not None and parent.pk != unit.pk
            and not unit.path.startswith(parent.path)):
        return _of_place(lead.name, parent)
    return lead.name


def _tasks(scope: lines.Scope, period: Any) -> dict[str, Any]:
    """Task rows grouped by their heading, with money, difficulties, proposals and late tasks.

    Each task's updates are read as ``reporting.progress`` computes them for the period (a fixed
    number of rows per task, whatever its history)."""
    unit = scope.unit
    all_tasks = lines.in_plan_order(_report_tasks(scope, period))
    parents = {t.parent_id for t in all_tasks if t.parent_id}
    tasks = [t for t in all_tasks if t.pk not in parents and not is_heading(t.title)]
    found = progress.of_tasks([t.pk for t in tasks], period)
    stage_money: dict[int, Decimal] = defaultdict(Decimal)
    for s in TaskStage.objects.filter(task_id__in=[t.pk for t in tasks], stage=Stage.DISBURSEMENT,
                                      date__lte=period.end, amount__isnull=False):
        stage_money[s.task_id] += s.amount or Decimal(0)
    out: dict[str, Any] = {"rows": [], "groups": [], "difficulties": [], "proposals": [], "late": []}
    groups: dict[str, list] = defaultdict(list)
    planned = disbursed = Decimal(0)
    per_unit: dict[str, Counter] = defaultdict(Counter)
    late: list[tuple[Task, dict[str, Any]]] = []
    for t in tasks:
        p = found.get(t.pk) or progress.PeriodProgress(TaskHistory())
        row = _task_row(t, p, period)
        owner = _owner(t, scope)
        row["owner"] = owner.name if owner else unit.name
        row["lead"] = _lead_label(t, owner, unit)
        per_unit[row["owner"]][row["status_code"]] += 1
        per_unit[row["owner"]]["total"] += 1
        out["rows"].append(row)
        groups[t.parent.title if t.parent else t.document.title].append(row)
        if t.budget_planned:
            planned += t.budget_planned
        paid = row.pop("_disbursed")
        if paid is None and stage_money.get(t.pk):
            paid = stage_money[t.pk]
        if paid:
            disbursed += paid
            row["disbursed"] = _s(paid)
        for u in p.current:
            for attr in ("difficulties", "proposals"):
                text = u[attr].strip()
                if text:
                    out[attr].append({"task": t.title, "unit": _sender_label(u, unit), "text": text})
        if row["overdue"]:
            late.append((t, row))
    reasons = progress.latest_reasons([t.pk for t, _row in late], period.end)
    out["late"] = [{"task": t.title, "unit": row["lead"], "due": row["deadline"], "days": row["days_overdue"],
                    "reason": reasons.get(t.pk, "")} for t, row in late]
    out["groups"] = [{"title": title, "tasks": rows} for title, rows in groups.items()]
    out["money"] = {"planned": _s(planned) if planned else None, "disbursed": _s(disbursed),
                    "rate": _s((disbursed * 100 / planned).quantize(Decimal("0.1"))) if planned else None}
    out["by_unit"] = [{"unit": name, **dict(c)} for name, c in sorted(per_unit.items())]
    science = [t for t in tasks if t.is_science_task]
    out["science"] = _science(science, progress.latest_updates(found, [t.pk for t in science]), period)
    return out


def _science(tasks: list[Task], latest: dict[int, ProgressUpdate], period: Any) -> list[dict[str, Any]]:
    """Science tasks: their latest stage by the period's end and the reconciliation of stages, money,
    progress and outputs (``selectors.lifecycle.reconcile_with``, the rule of the task page and the warning)."""
    from theodoi.planning.selectors.lifecycle import reconcile_with

    stages: dict[int, list[TaskStage]] = defaultdict(list)
    for s in TaskStage.objects.filter(task_id__in=[t.pk for t in tasks], date__lte=period.end).order_by("date", "id"):
        stages[s.task_id].append(s)
    out = []
    for t in tasks:
        r = reconcile_with(t, stages.get(t.pk, []), latest.get(t.pk))
        last = r.stages[-1] if r.stages else None
        out.append({"task": t.title, "lead": t.lead_unit.name if t.lead_unit else t.lead_unit_name,
                    "stage": str(last.get_stage_display()) if last else None,
                    "stage_date": last.date.isoformat() if last else None, "paid": _s(r.paid_by_stages),
                    "findings": [str(f) for f in r.findings]})
    return out


_HEADINGS = ("nhiệm vụ cụ thể", "nhiệm vụ, giải pháp", "nhiệm vụ và giải pháp", "nhiệm vụ chủ yếu",
             "nhiệm vụ trọng tâm", "giải pháp", "các nhiệm vụ", "mục tiêu cụ thể", "tổ chức thực hiện")


def is_heading(title: str) -> bool:
    """A plan's section heading read as a task ("2. Nhiệm vụ cụ thể: (có biểu chi tiết kèm theo)"): the
    details are in an attached table, so a report names no such "task" (it would print template text)."""
    text = re.sub(r"\([^)]*\)", "", title).strip().rstrip(":.;").strip().lower()
    return text in _HEADINGS or (text.startswith(_HEADINGS) and len(text.split()) <= 6 and text.endswith(
        ("cụ thể", "chủ yếu", "trọng tâm", "giải pháp")))


def _plans(scope: lines.Scope, period: Any) -> list[dict[str, Any]]:
    """The plans the report is about, its own first, with the documents each implements ("Thực hiện …")."""
    from theodoi.planning.models import Document, DocumentLink

    docs = list(Document.objects.filter(scope.issuer_q("issuer"), confidential=False).exclude(status="stub")
                .filter(Q(issued_date__isnull=True) | Q(issued_date__lte=period.end))
                .select_related("issuer"))
    keys = tree_keys(d.issuer for d in docs)
    # the issuer's level, then tree order (never ``path``: ids as text), then date; no issuer first
    docs.sort(key=lambda d: (d.issuer.depth if d.issuer else -1, keys.get(d.issuer_id or 0, ()),
                             d.issued_date or dt.date.min, d.pk))
    own = [d for d in docs if d.issuer_id == scope.unit.pk]
    others = [d for d in docs if d.issuer_id != scope.unit.pk]
    links = defaultdict(list)
    for link in (DocumentLink.objects.filter(source__in=docs).select_related("target", "target__issuer")
                 .order_by("position")):
        if link.target.number != "57-NQ/TW":
            links[link.source_id].append(lines.plan_label(link.target))
    return [{"label": lines.plan_label(d), "own": d.issuer_id == scope.unit.pk, "issuer": d.issuer.name if d.issuer
             else d.issuer_name, "implements": links.get(d.pk, [])[:3]} for d in own + others]


def _conformity(scope: lines.Scope, period: Any) -> list[dict[str, Any]]:
    """The annual report's section "Đối chiếu với văn bản cấp trên": each plan of the report that
    implements a plan in the system, with its conformity findings worded as its warnings are
    (``planning.selectors.conformity.message_of``; the plan's tasks short of the "6 rõ" in one line)."""
    from theodoi.planning.models import Document
    from theodoi.planning.selectors.conformity import conformity, message_of, six_clear_message

    docs = (Document.objects.filter(scope.issuer_q("issuer"), confidential=False, status=DocStatus.ACTIVE)
            .filter(Q(issued_date__isnull=True) | Q(issued_date__lte=period.end))
            .select_related("issuer"))
    keys = tree_keys(d.issuer for d in docs)  # tree order, never Unit.path (a text of ids)
    out = []
    for d in sorted(docs, key=lambda d: (d.issuer.depth if d.issuer else 0, keys.get(d.issuer_id or 0, ()),
                                        d.issued_date or dt.date.min, d.pk)):
        report = conformity(d)
        if not report.parents:
            continue
        findings = [str(message_of(f)) for f in report.findings if f.code != "six_clear"]
        gaps = report.of("six_clear")
        if gaps:
            findings.append(str(six_clear_message(gaps)))
        out.append({"plan": lines.plan_label(d), "own": d.issuer_id == scope.unit.pk,
                    "parents": [p.number or p.title[:80] for p in report.parents],
                    "codes": [f.code for f in report.findings], "findings": findings})
    return out


def _task_row(t: Task, p: progress.PeriodProgress, period: Any) -> dict[str, Any]:
    end = period.end
    facts = facts_of(t, p.history, end, period=period)
    code = task_code(facts, end)
    late = task_overdue(facts, end) or code == TaskStatus.OVERDUE
    latest = p.latest
    return {
        "code": t.code, "title": t.title,
        "lead": t.lead_unit.name if t.lead_unit else t.lead_unit_name,
        "status_code": code.value, "status": TASK_LABELS[code],
        # a paused or stopped task counts as such (task_counts) and says why
        "run_state_reason": t.run_state_reason if code in (TaskStatus.PAUSED, TaskStatus.STOPPED) else "",
        "percent": _s(facts.percent),
        "deadline": t.due_date.isoformat() if t.due_date else None,
        "deadline_text": t.deadline_text,
        "recurring": bool(t.recurrence),
        "overdue": late,
        "days_overdue": (end - t.due_date).days if late and t.due_date and end > t.due_date else 0,
        "work_done": _work_done(p.current),
        "latest_work": _work_done(p.current, keep=1),
        "outputs": latest["outputs_delivered"] if latest else "",
        "budget": _s(t.budget_planned),
        "_disbursed": latest["disbursed_total"] if latest and latest["disbursed_total"] is not None else None,
    }


def _work_done(updates: list[dict[str, Any]], keep: int = 2) -> str:
    """What was done in the period: the latest ``keep`` distinct entries (a year has twelve monthly ones)."""
    texts: list[str] = []
    for u in reversed(updates):
        text = u["work_done"].strip().rstrip(".")
        if text and text not in texts:
            texts.append(text)
    return "; ".join(reversed(texts[:keep]))


def _next_tasks(rows: list[dict], nxt: Any) -> list[dict[str, Any]]:
    """Unfinished tasks: due by the end of the next period (late ones first), recurring, then the others under way."""
    done = {TaskStatus.DONE_ON_TIME.value, TaskStatus.DONE_LATE.value, TaskStatus.STOPPED.value}
    end = nxt.end.isoformat()
    open_rows = [r for r in rows if r["status_code"] not in done]
    due = sorted((r for r in open_rows if r["deadline"] and r["deadline"] <= end),
                 key=lambda r: (not r["overdue"], r["deadline"]))
    recurring = [r for r in open_rows if r["recurring"] and r not in due]
    rest = sorted((r for r in open_rows if r not in due and r not in recurring),
                  key=lambda r: (r["deadline"] or "9999", r["title"]))
    return [{"task": r["title"], "lead": r["lead"], "deadline": r["deadline"], "overdue": r["overdue"],
             "deadline_text": r["deadline_text"], "status_code": r["status_code"]}
            for r in (due + recurring + rest)[:30]]


def today_date() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
