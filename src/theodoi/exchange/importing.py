"""Bulk import of the exchange tables: every row through the tracking services, all or nothing.

``import_file`` reads the file, then inside one transaction hands each changed row to the
service that owns it (``planning.services.tasks.update_task``, ``progress.save_update``,
``measurements.save_measurement``): they check permissions, validate, refuse a stale
version and write the audit trail. A row equal to what is stored is left alone, so
importing an unchanged export writes nothing. If any row fails, or for a dry run (the
preview), the whole transaction is rolled back: nothing of the file is kept.
"""

from __future__ import annotations

import hashlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from theodoi.exchange import cells
from theodoi.exchange.format import BY_KEY, FIGURE, PROGRESS, TASK, data_keys, kind_of
from theodoi.planning.models import Measurement, ProgressUpdate, Target, Task
from theodoi.planning.services.errors import ConflictError
from theodoi.tenancy.models import Unit, User
from theodoi.tenancy.permissions import restrict

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class RowOutcome:
    where: str
    kind: str
    subject: str
    action: str = UNCHANGED
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    filename: str
    sha256: str
    rows: list[RowOutcome]
    dry_run: bool
    applied: bool = False

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def errors(self) -> list[RowOutcome]:
        return [r for r in self.rows if r.action == ERROR]

    @property
    def changed(self) -> int:
        return self.count(CREATE) + self.count(UPDATE)

    @property
    def summary_vi(self) -> str:
        counts = {"c": self.count(CREATE), "u": self.count(UPDATE), "n": self.count(UNCHANGED),
                  "e": self.count(ERROR)}
        text = _("Thêm mới %(c)s, sửa %(u)s, không đổi %(n)s, lỗi %(e)s dòng.") % counts
        if self.errors:
            return text + " " + _("Tệp có lỗi nên không lưu dòng nào; hãy sửa các dòng lỗi rồi tải lên lại.")
        if self.applied:
            return text + " " + (_("Đã lưu.") if self.changed else _("Không có gì thay đổi."))
        return text + " " + _("Chưa lưu: đây là bản xem trước.")


class RowError(Exception):
    def __init__(self, *messages: str) -> None:
        self.messages = [m for m in messages if m]
        super().__init__("; ".join(self.messages))


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        from theodoi.domain.numbers import format_number

        return format_number(value, 4)
    if hasattr(value, "strftime"):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Unit):
        return value.name
    if isinstance(value, User):
        return value.username
    return str(value)


def _label(key: str) -> str:
    return str(BY_KEY[key].label)


def _parse(raw: cells.RawRow, key: str) -> Any:
    col = BY_KEY[key]
    value = raw.cells.get(key)
    try:
        if col.kind == "number":
            return cells.cell_number(value)
        if col.kind == "date":
            return cells.cell_date(value)
        if col.kind == "int":
            n = cells.cell_number(value)
            if n is not None and n != n.to_integral_value():
                raise ValueError
            return int(n) if n is not None else None
    except (ValueError, TypeError, OverflowError) as exc:
        what = _("không phải là ngày (dd/mm/yyyy)") if col.kind == "date" else _("không phải là số")
        raise RowError(_("%(col)s: «%(v)s» %(what)s.") % {"col": col.label, "v": value, "what": what}) from exc
    return cells.cell_text(value)


def _present(raw: cells.RawRow, kind: str) -> list[str]:
    """The data columns of ``kind`` this file carries (a column left out is left alone)."""
    return [k for k in data_keys(kind) if k in raw.cells]


# The tasks, targets and units a file names, read once per import with the importer's permission
# (a query per row made a 240-row file take seconds just to look its rows up).
_READABLE: ContextVar[dict[Any, dict[str, Any]] | None] = ContextVar("exchange_readable", default=None)


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _prefetch(user: Any, raws: list[cells.RawRow]) -> dict[Any, dict[str, Any]]:
    uids = {u for r in raws if (u := _uuid_or_none(cells.cell_text(r.cells.get("uid"))))}
    slugs = {cells.cell_text(r.cells.get(k)) for r in raws for k in ("unit", "lead_unit")} - {""}
    out: dict[Any, dict[str, Any]] = {
        model: {str(o.uid): o for o in restrict(model.objects.filter(uid__in=uids), user, "view")
                .select_related("document", *extra)}
        for model, extra in ((Task, ("lead_unit",)), (Target, ("indicator",)))
    }
    out[Unit] = {u.slug: u for u in Unit.objects.filter(slug__in=slugs)}
    return out


def _object(model: type[Any], raw: cells.RawRow, user: Any, what: str) -> Any:
    text_uid = cells.cell_text(raw.cells.get("uid"))
    try:
        uid = uuid.UUID(text_uid)
    except ValueError as exc:
        raise RowError(_("Mã định danh «%(v)s» không hợp lệ.") % {"v": text_uid or "—"}) from exc
    known = _READABLE.get()
    if known is not None:
        obj = known[model].get(str(uid))
    else:
        obj = restrict(model.objects.filter(uid=uid), user, "view").select_related("document").first()
    if obj is None:
        raise RowError(_("Không tìm thấy %(what)s có mã định danh %(uid)s (hoặc bạn không có quyền xem).")
                       % {"what": what, "uid": uid})
    return obj


def _period_key(raw: cells.RawRow) -> str:
    from theodoi.domain.periods import Period

    text = cells.cell_text(raw.cells.get("period"))
    try:
        return Period.parse(text).key
    except ValueError as exc:
        raise RowError(_("Kỳ «%(v)s» không hợp lệ (ví dụ: 2026-05).") % {"v": text or "—"}) from exc


def _unit(slug: str, label: str) -> Unit:
    known = _READABLE.get()
    unit = known[Unit].get(slug) if known is not None else Unit.objects.filter(slug=slug).first()
    if unit is None:
        raise RowError(_("%(col)s: không có đơn vị «%(v)s».") % {"col": label, "v": slug or "—"})
    return unit


def _task_row(raw: cells.RawRow, user: Any, out: RowOutcome) -> None:
    from theodoi.planning.services.tasks import update_task

    task = _object(Task, raw, user, _("nhiệm vụ"))
    out.subject = f"{task.code} {task.title}".strip()
    fields: dict[str, Any] = {}
    problems: list[str] = []
    for key in _present(raw, TASK):
        try:
            value = _task_value(raw, key)
        except RowError as exc:
            problems.extend(exc.messages)
            continue
        current = getattr(task, key)
        if current is None and BY_KEY[key].kind == "text" and key not in ("lead_unit", "responsible_person"):
            current = ""
        if value != current:
            fields[key] = value
            out.changes.append(Change(_label(key), _shown(current), _shown(value)))
    if problems:
        raise RowError(*problems)
    if not fields:
        return
    update_task(user=user, task=task, fields=fields, expected_version=_parse(raw, "version"),
                reason=_("Nhập từ bảng tính"))
    out.action = UPDATE


def _task_value(raw: cells.RawRow, key: str) -> Any:
    value = _parse(raw, key)
    if key == "lead_unit":
        return _unit(value, _label(key)) if value else None
    if key == "responsible_person":
        person = User.objects.filter(username=value, is_active=True).first() if value else None
        if value and person is None:
            raise RowError(_("%(col)s: không có người dùng «%(v)s».") % {"col": _label(key), "v": value})
        return person
    return value


def _parse_all(raw: cells.RawRow, keys: list[str]) -> dict[str, Any]:
    """Every cell of ``keys`` parsed; RowError with all the bad cells' messages."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    for k in keys:
        try:
            out[k] = _parse(raw, k)
        except RowError as exc:
            problems.extend(exc.messages)
    if problems:
        raise RowError(*problems)
    return out


def _progress_row(raw: cells.RawRow, user: Any, out: RowOutcome) -> None:
    from theodoi.planning.services.progress import clean_update_data, save_update

    task = _object(Task, raw, user, _("nhiệm vụ"))
    out.subject = f"{task.code} {task.title}".strip()
    period_key = _period_key(raw)
    slug = cells.cell_text(raw.cells.get("unit"))
    if task.lead_unit_id is None:
        raise RowError(_("Nhiệm vụ chưa có đơn vị chủ trì nên chưa thể báo cáo tiến độ."))
    lead = task.lead_unit
    if slug and slug != lead.slug:
        raise RowError(_("Tiến độ của nhiệm vụ này do đơn vị chủ trì (%(u)s) báo cáo, không phải «%(v)s».")
                       % {"u": lead.slug, "v": slug})
    out.subject += f" · {period_key}"
    keys = _present(raw, PROGRESS)
    try:
        values = clean_update_data(_parse_all(raw, keys))
    except ValidationError as exc:
        raise RowError(*exc.messages) from exc
    row = ProgressUpdate.objects.filter(task=task, unit=lead, period_key=period_key).first()
    if row is None and all(v in (None, "") for v in values.values()):
        return  # an empty row of the template: nothing to report yet
    changed = {}
    for k, v in values.items():
        current = getattr(row, k) if row else None
        if v != (current if current is not None else (None if BY_KEY[k].kind == "number" else "")):
            changed[k] = v
            out.changes.append(Change(_label(k), _shown(current), _shown(v)))
    if not changed:
        return
    save_update(user=user, task=task, period_key=period_key, data=changed,
                expected_version=_parse(raw, "version"))
    out.action = UPDATE if row else CREATE


def _figure_row(raw: cells.RawRow, user: Any, out: RowOutcome) -> None:
    from theodoi.planning.services.measurements import save_measurement

    target = _object(Target, raw, user, _("chỉ tiêu"))
    out.subject = f"{target.code} {target.text}".strip()
    period_key = _period_key(raw)
    unit = _unit(cells.cell_text(raw.cells.get("unit")), _label("unit"))
    out.subject += f" · {unit.slug} · {period_key}"
    row = Measurement.objects.filter(target=target, unit=unit, period_key=period_key).first()
    fields = {k: (getattr(row, k) if row else (None if BY_KEY[k].kind == "number" else ""))
              for k in data_keys(FIGURE)}
    new = {**fields, **_parse_all(raw, _present(raw, FIGURE))}
    if row is None and all(v in (None, "") for v in new.values()):
        return
    for k in data_keys(FIGURE):
        if new[k] != fields[k]:
            out.changes.append(Change(_label(k), _shown(fields[k]), _shown(new[k])))
    if not out.changes:
        return
    save_measurement(user=user, target=target, unit=unit, period_key=period_key,
                     expected_version=_parse(raw, "version"), **new)
    out.action = UPDATE if row else CREATE


_HANDLERS = {TASK: _task_row, PROGRESS: _progress_row, FIGURE: _figure_row}


def _row_key(raw: cells.RawRow, kind: str) -> tuple[str, ...]:
    parts = [kind, cells.cell_text(raw.cells.get("uid")).lower()]
    if kind != TASK:
        parts += [cells.cell_text(raw.cells.get("unit")), cells.cell_text(raw.cells.get("period"))]
    return tuple(parts)


def import_file(*, user: Any, data: bytes, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import a bulk file as ``user``; with ``dry_run`` (the preview) nothing is kept.

    Guarantees: either every row is valid and the changed ones are stored, each through its
    service with its audit event, or nothing is stored and each bad row carries its errors.
    Raises ValidationError (in Vietnamese) for a file that is not of this format.
    """
    try:
        raws = cells.read_rows(data, filename)
    except cells.UnreadableFile as exc:
        raise ValidationError(str(exc)) from exc
    if not raws:
        raise ValidationError(_("Tệp không có dòng dữ liệu nào."))
    result = ImportResult(filename, hashlib.sha256(data).hexdigest(), [], dry_run)
    seen: dict[tuple[str, ...], str] = {}
    readable = _READABLE.set(_prefetch(user, raws))
    try:
        _import_rows(user, raws, result, seen, dry_run)
    finally:
        _READABLE.reset(readable)
    return result


def _import_rows(user: Any, raws: list[cells.RawRow], result: ImportResult, seen: dict[tuple[str, ...], str],
                 dry_run: bool) -> None:
    with transaction.atomic():
        for raw in raws:
            kind = kind_of(raw.cells.get("kind")) or raw.sheet_kind
            out = RowOutcome(raw.where, kind or "", "")
            result.rows.append(out)
            try:
                if kind is None:
                    raise RowError(_("Cột “Loại” phải là nhiem-vu, tien-do hoặc so-lieu."))
                key = _row_key(raw, kind)
                if key in seen:
                    raise RowError(_("Trùng với %(w)s (cùng mã định danh, đơn vị và kỳ).") % {"w": seen[key]})
                seen[key] = raw.where
                _HANDLERS[kind](raw, user, out)
            except RowError as exc:
                out.errors = exc.messages
            except ConflictError as exc:
                out.errors = [exc.message_vi]
            except ValidationError as exc:
                out.errors = list(exc.messages)
            except PermissionDenied as exc:
                out.errors = [str(exc) or _("Bạn không có quyền thay đổi dòng này.")]
            if out.errors:
                out.action = ERROR
        if dry_run or result.errors:
            transaction.set_rollback(True)
        else:
            result.applied = True
            if result.changed:
                from theodoi.audit.services import record

                record("import", actor=user, object_type="exchange.bulkfile", object_id=result.sha256[:16],
                       object_repr=result.filename[:255] or "bulk",
                       after={"filename": result.filename, "sha256": result.sha256, "created": result.count(CREATE),
                              "updated": result.count(UPDATE), "unchanged": result.count(UNCHANGED)})
