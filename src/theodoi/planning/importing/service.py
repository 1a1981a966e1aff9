"""Store an extracted plan: the document, its links, targets, tasks, assignments, duties.

:func:`import_plan` is the only writer. It runs in one transaction: a failure
leaves nothing behind. Importing the same document again (same number and issuer,
or the same file) updates it in place: what people set by hand is kept (the rules are
in ``importing.rows``), items gone from the document are marked, never deleted, and an
unchanged file (same SHA-256) is not stored a second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import F, Model
from django.utils import timezone

from theodoi.audit.services import record, snapshot
from theodoi.extraction.references import citations, find_references
from theodoi.planning.importing.matching import UnitMatcher
from theodoi.planning.importing.picks import CHOICES, check_picks, remembered_units
from theodoi.planning.importing.plans_due import store_plans_due
from theodoi.planning.importing.references import cited_issuer, doc_type_of, issuer_name_of
from theodoi.planning.importing.rows import Conflict, conflicts_of, store_rows
from theodoi.planning.models import (
    Assignment,
    DocStatus,
    DocType,
    Document,
    DocumentLink,
    LinkKind,
    ReportingDuty,
)
from theodoi.planning.numbers import number_key
from theodoi.planning.services import state
from theodoi.planning.services.child_plans import fulfil_from
from theodoi.planning.services.evidence import safe_name
from theodoi.tenancy import permissions
from theodoi.tenancy.models import Unit

_TYPE_WORDS = {
    "NGHỊ QUYẾT": DocType.NGHI_QUYET, "CHƯƠNG TRÌNH": DocType.CHUONG_TRINH,
    "KẾ HOẠCH": DocType.KE_HOACH, "QUYẾT ĐỊNH": DocType.QUYET_DINH, "CHỈ THỊ": DocType.CHI_THI,
    "KẾT LUẬN": DocType.KET_LUAN, "THÔNG BÁO": DocType.THONG_BAO, "CÔNG VĂN": DocType.CONG_VAN,
    "HƯỚNG DẪN": DocType.HUONG_DAN, "ĐỀ ÁN": DocType.DE_AN, "BÁO CÁO": DocType.BAO_CAO,
}
_ROLES = {"chủ trì": "chu_tri", "phối hợp": "phoi_hop", "thực hiện": "thuc_hien"}
_FREQ = {"monthly", "quarterly", "biannual", "annual", "adhoc"}


@dataclass
class ImportResult:
    document: Document
    created: bool
    unresolved: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # targets and tasks no longer in the document (marked)
    conflicts: list[Conflict] = field(default_factory=list)  # hand-set values kept against the document

    @property
    def summary_vi(self) -> str:
        doc = self.document
        verb = "Đã nhập" if self.created else "Đã cập nhật"
        text = (f"{verb} {doc.get_doc_type_display().lower()} {doc.number or '(chưa có số)'}: "
                f"{doc.targets.count()} chỉ tiêu, {doc.tasks.count()} nhiệm vụ.")
        if self.unresolved:
            text += f" Chưa xác định được đơn vị: {', '.join(self.unresolved)}."
        if self.conflicts:
            text += f" Giữ {len(self.conflicts)} giá trị đã nhập tay khác với văn bản."
        if self.gone:
            text += f" {len(self.gone)} mục không còn trong văn bản đã được đánh dấu (không xóa)."
        return text


def doc_type_from_meta(value: str | None) -> str:
    return _TYPE_WORDS.get((value or "").strip().upper(), DocType.KHAC)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"Ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD).") from None


def _find_existing(meta: dict, issuer: Unit | None, sha: str, doc_type: str) -> Document | None:
    key = number_key(meta.get("number"))
    qs = Document.objects.all()
    if key:
        found = qs.filter(number_key=key, issuer=issuer).first() if issuer else None
        found = found or qs.filter(number_key=key, status=DocStatus.STUB).first()
        if found:
            return found
    found = qs.filter(source_sha256=sha).exclude(status=DocStatus.STUB).first()
    if found:
        return found
    if not key and issuer is not None and meta.get("title"):
        return qs.filter(issuer=issuer, doc_type=doc_type, title=meta["title"], number="").first()
    return None


def import_plan(
    data: bytes,
    filename: str,
    *,
    user: Any = None,
    extraction: dict | None = None,
    issuer: Unit | None = None,
    source_text: str = "",
    accept: set[str] | None = None,
    units: dict[str, Unit | None] | None = None,
) -> ImportResult:
    """Store the plan ``data`` (or the corrected ``extraction`` of it) and return what was done.

    ``issuer`` overrides the issuing body named in the document. A signed-in ``user``
    must be allowed to manage plans of the issuer (tenancy.permissions); ``user=None``
    is the system (the demo loader, the command line run by the operator).
    ``accept`` holds the keys of the conflicts (:func:`reimport_conflicts`) where the office
    chose the document's value over the one set by hand; every other hand-set value is kept.
    ``units`` maps names the tree did not resolve (a lead, a coordinating unit, an assignment's or
    a duty's unit, as written) to the unit the office picked for them (None: no unit, even if one was
    picked before); each must be a unit of the issuer's tree. Picks made at an earlier import of the
    same plan hold for the names ``units`` does not mention.
    Raises ValidationError (Vietnamese) when the document cannot be stored.
    """
    filename = safe_name(filename)  # a base name without control characters: "../" or NUL go nowhere
    if extraction is None:
        from theodoi.extraction import ExtractionError, extract_bytes, read_document

        try:
            extraction = extract_bytes(data, filename)
            source_text = source_text or read_document(data, filename).text
        except ExtractionError as exc:
            raise ValidationError(str(exc)) from exc
    meta = extraction.get("meta") or {}
    matcher = UnitMatcher.for_all()
    issued = _date(meta.get("issued_date"))
    issuer = issuer or matcher.match(meta.get("issuer"), on=issued)
    if issuer is None:
        raise ValidationError(
            f"Không xác định được cơ quan ban hành “{meta.get('issuer') or '?'}”; hãy chọn đơn vị ban hành."
        )
    if user is not None and not permissions.scope(user, "manage").covers(issuer):
        raise PermissionDenied(f"Bạn không có quyền nhập kế hoạch của {issuer.name}.")
    check_picks(units or {}, issuer)
    sha = hashlib.sha256(data).hexdigest()
    doc_type = doc_type_from_meta(meta.get("doc_type"))
    with state.deferred():  # one transaction; each task's and target's state rebuilt once, at its end
        doc = _find_existing(meta, issuer, sha, doc_type)
        created = doc is None or doc.status == DocStatus.STUB
        before = snapshot(doc) if doc is not None and not created else None
        doc = doc or Document()
        previous = doc.extraction if not created else None
        merged: dict[str, Unit | None] = {**remembered_units(previous, issuer), **(units or {})}
        picks = {name: unit for name, unit in merged.items() if unit is not None}  # earlier picks hold
        for name, unit in picks.items():
            matcher.choose(name, unit)
        same_file = bool(doc.pk and doc.source_sha256 == sha and doc.source_file.name
                         and doc.source_file.storage.exists(str(doc.source_file.name)))
        period = meta.get("period") or {}
        doc.doc_type = doc_type
        doc.number = (meta.get("number") or "").strip()
        doc.issuer = issuer
        doc.issuer_name = (meta.get("issuer") or issuer.name)[:255]
        doc.place = (meta.get("place") or "")[:120]
        doc.issued_date = issued
        doc.title = meta.get("title") or filename
        doc.period_start = period.get("start")
        doc.period_end = period.get("end")
        doc.status = DocStatus.ACTIVE
        doc.extraction = {**extraction, CHOICES: {name: unit.pk for name, unit in picks.items()}}
        doc.source_text = source_text or doc.source_text
        doc.source_name = filename[:255]
        doc.source_sha256 = sha
        if user is not None and doc.pk is None:
            doc.created_by = user
        monthly = [r.get("due_day") for r in extraction.get("reporting") or []
                   if r.get("frequency") == "monthly" and r.get("due_day")]
        if monthly:
            doc.monthly_due_day = int(monthly[0])
        if doc.pk:
            doc.version += 1
        doc.save()
        if not same_file:  # the same bytes again: the stored copy stays the only one
            doc.source_file.save(filename, ContentFile(data), save=True)
        rows_before = _row_snapshots(doc)
        _link_references(doc, meta.get("references") or [], issuer, source_text or doc.source_text, matcher,
                         user)
        stored = store_rows(doc, extraction, previous, matcher, issuer, set(accept or ()), timezone.localdate())
        unresolved = list(stored.unresolved)
        _store_assignments(doc, extraction, matcher, issuer, unresolved)
        store_plans_due(doc, extraction, matcher, issuer, user)
        fulfil_from(doc, user)  # this plan may be one a unit owed to the plans it cites
        record("import" if created else "reimport", doc, actor=user, before=before,
               reason=f"Nhập từ tệp {filename}")
        _record_rows(doc, rows_before, user, f"Nhập từ tệp {filename}", stored.kept)
    return ImportResult(doc, created, sorted(set(unresolved)), stored.gone, stored.conflicts)


def previous_picks(extraction: dict, *, issuer: Unit, data: bytes = b"") -> dict[str, Unit]:
    """For the review page: the picks of the stored plan this extraction would update (none for a new plan)."""
    meta = extraction.get("meta") or {}
    doc = _find_existing(meta, issuer, hashlib.sha256(data).hexdigest(), doc_type_from_meta(meta.get("doc_type")))
    if doc is None or doc.status == DocStatus.STUB:
        return {}
    return remembered_units(doc.extraction, issuer)


def reimport_conflicts(extraction: dict, *, issuer: Unit, data: bytes = b"") -> list[Conflict]:
    """The values people set by hand that ``extraction`` (of a plan already stored) contradicts.

    Nothing is written: the review page shows these next to the document's values so the
    office chooses, and passes the keys it accepts to :func:`import_plan`.
    """
    meta = extraction.get("meta") or {}
    doc = _find_existing(meta, issuer, hashlib.sha256(data).hexdigest(), doc_type_from_meta(meta.get("doc_type")))
    if doc is None or doc.status == DocStatus.STUB:
        return []
    return conflicts_of(doc, extraction, UnitMatcher.for_all(), issuer)


def _row_snapshots(doc: Document) -> dict[tuple[type[Model], int], dict]:
    """The audited picture of every target and task of a plan, before an import changes them."""
    if doc.pk is None:
        return {}
    rows = [*doc.targets.all(), *doc.tasks.all()]
    return {(type(r), r.pk): snapshot(r) for r in rows}


def _record_rows(doc: Document, before: dict[tuple[type[Model], int], dict], user: Any, reason: str,
                 kept: dict[tuple[type, int], list[str]]) -> None:
    """One audit record per target and task the import created, changed or removed, so that
    ``audit verify`` watches every row from the moment it exists. A changed row gets a new
    version, so a page still holding the old one is told instead of overwriting the import."""
    seen = set()
    for row in [*doc.targets.all(), *doc.tasks.all()]:
        key = (type(row), row.pk)
        seen.add(key)
        old = before.get(key)
        unchanged = old is not None and old == snapshot(row)
        if unchanged and not kept.get(key):
            continue
        if old is not None and not unchanged:
            type(row)._default_manager.filter(pk=row.pk).update(version=F("version") + 1)
            row.refresh_from_db()
        why = reason
        if kept.get(key):
            why += "; giữ giá trị nhập tay khác văn bản: " + ", ".join(str(k) for k in kept[key])
        record("import" if old is None else "reimport", row, actor=user, before=old, reason=why)
    for (model, pk), old in before.items():
        if (model, pk) not in seen:
            record("delete", None, actor=user, before=old, reason=reason, object_type=model._meta.label_lower,
                   object_id=str(pk), object_repr=str(old.get("title") or old.get("text") or pk)[:255])


def _node(ref: str, by: Document, user: Any = None) -> Document:
    """The document a number names: known, or a stub created for it (metadata only)."""
    target = Document.objects.filter(number_key=number_key(ref)).first()
    if target is None:
        target = Document.objects.create(doc_type=doc_type_of(ref), number=ref, status=DocStatus.STUB, title=ref,
                                         issuer_name=issuer_name_of(ref), is_public=True)
        record("create", target, actor=user, reason=f"Văn bản được {by.number or by.title} trích dẫn")
    return target


_IMPLEMENTS_LINE = re.compile(r"^\W*(?:Triển khai\s+)?thực hiện\b", re.IGNORECASE)


def _implemented_refs(text: str) -> set[str]:
    """References a plan says it implements: the first one of a line that opens "Thực hiện …"."""
    out = set()
    for line in text.splitlines():
        if _IMPLEMENTS_LINE.match(line):
            refs = find_references(line)
            if refs:
                out.add(number_key(refs[0]))
    return out


def _complete_stub(stub: Document, cit: Any, citing: Unit, matcher: UnitMatcher) -> None:
    """What the citing sentence says of a cited document not yet imported: issuer and date."""
    changed = []
    if stub.issuer_id is None:
        unit = cited_issuer(cit.issuer, stub.number, citing, matcher)
        if unit is not None:
            stub.issuer = unit
            changed.append("issuer")
    if not stub.issuer_name and (cit.issuer or stub.issuer is not None):
        stub.issuer_name = (stub.issuer.name if stub.issuer is not None else cit.issuer)[:255]
        changed.append("issuer_name")
    if stub.issued_date is None and cit.date:
        try:
            d, m, y = (int(x) for x in cit.date.split("/"))
            stub.issued_date = dt.date(y, m, d)
            changed.append("issued_date")
        except ValueError:
            pass
    if changed:
        before = snapshot(stub)
        stub.version += 1
        stub.save(update_fields=[*changed, "version", "updated_at"])
        record("update", stub, before=before, reason="Thông tin từ câu trích dẫn của kế hoạch cấp dưới")


def _link_stub(source: Document, target: Document, kind: str, user: Any) -> None:
    """A link of a cited document (a stub) read from a citing sentence, audited as a change of the stub."""
    if DocumentLink.objects.filter(source=source, target=target).exists():
        return
    before = snapshot(source)
    DocumentLink.objects.create(source=source, target=target, kind=kind)
    record("update", source, actor=user, before=before, reason="Liên kết đọc từ câu trích dẫn của kế hoạch cấp dưới")


def _link_references(doc: Document, references: list[str], issuer: Unit, text: str = "",
                     matcher: UnitMatcher | None = None, user: Any = None) -> None:
    """Link every cited number to its node, creating a stub for documents not yet known.

    The citing sentences say more (``extraction.references.citations``): a stub gets the issuer
    and date they name and its own upward link ("Kế hoạch 2391/KH-UBND … về thực hiện Nghị quyết
    10-NQ/TU"); the link's kind is "implements" for what the plan says it implements (its title,
    or a line opening "Thực hiện …"), "replaces" or "amends" when it says so ("Kế hoạch này thay
    thế Kế hoạch số 200/KH-TTr": the replaced plan is closed), "cites" otherwise.
    """
    matcher = matcher or UnitMatcher.for_all()
    said = citations(text, own=doc.number) if text else {}
    implemented = _implemented_refs(text) if text else set()
    wanted = []
    for ref in references:
        key = number_key(ref)
        if not key or key == doc.number_key:
            continue
        target = Document.objects.filter(number_key=key).exclude(pk=doc.pk).first() or _node(ref, doc, user)
        wanted.append((ref, target))
    title_key = number_key(doc.title)
    DocumentLink.objects.filter(source=doc).exclude(target__in=[t for _, t in wanted]).delete()
    for i, (ref, target) in enumerate(wanted):
        cit = said.get(ref)
        kind = LinkKind.CITES
        if target.number_key in title_key or target.number_key in implemented:
            kind = LinkKind.IMPLEMENTS
        if cit is not None and cit.relation and not cit.by:
            kind = LinkKind.REPLACES if cit.relation == "replaces" else LinkKind.AMENDS
        DocumentLink.objects.update_or_create(source=doc, target=target, defaults={"kind": kind, "position": i})
        if kind == LinkKind.REPLACES and target.status == DocStatus.ACTIVE:
            before = snapshot(target)
            target.status, target.version = DocStatus.CLOSED, target.version + 1
            target.save(update_fields=["status", "version", "updated_at"])
            record("update", target, actor=user, before=before,
                   reason=f"Được thay thế bởi {doc.number or doc.title}")
        if cit is None or target.status != DocStatus.STUB:
            continue
        _complete_stub(target, cit, issuer, matcher)
        if cit.implements and number_key(cit.implements) != number_key(ref):
            parent = _node(cit.implements, doc, user)
            if parent.pk != target.pk:
                _link_stub(target, parent, LinkKind.IMPLEMENTS, user)
    for ref, cit in said.items():  # "71/NQ-CP sửa đổi, bổ sung 03/NQ-CP": a link between two cited
        if cit.by and cit.relation:
            src = Document.objects.filter(number_key=number_key(cit.by), status=DocStatus.STUB).first()
            dst = Document.objects.filter(number_key=number_key(ref)).first()
            if src is not None and dst is not None and src.pk != dst.pk:
                _link_stub(src, dst, LinkKind.REPLACES if cit.relation == "replaces" else LinkKind.AMENDS, user)


def _store_assignments(doc: Document, extraction: dict, matcher: UnitMatcher, issuer: Unit,
                       unresolved: list[str]) -> None:
    doc.assignments.all().delete()
    for position, item in enumerate(extraction.get("assignments") or []):
        name = (item.get("unit") or "").strip()
        if not name:
            continue
        unit = matcher.match(name, near=issuer)
        if unit is None:
            unresolved.append(name)
        Assignment.objects.create(
            document=doc, unit=unit, unit_name=name[:255], position=position,
            role=_ROLES.get((item.get("role") or "").strip().lower(), "thuc_hien"),
            duties=item.get("duties") or "",
        )
    doc.reporting_duties.all().delete()
    for item in extraction.get("reporting") or []:
        freq = item.get("frequency")
        if freq not in _FREQ:
            continue
        name, to = (item.get("unit") or "").strip(), (item.get("to") or "").strip()
        ReportingDuty.objects.create(
            document=doc, unit=matcher.match(name, near=issuer) if name else None, unit_name=name[:255],
            recipient=matcher.match(to, near=issuer) if to else None, recipient_name=to[:255],
            frequency=freq, due_day=item.get("due_day"),
        )
