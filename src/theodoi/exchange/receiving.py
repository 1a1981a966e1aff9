"""Receiving reports from the units' own instances (the province's side).

The province issues each sending unit a token (``issue_token``, shown once, stored as a
digest) that is good for that unit only. ``receive`` checks the token and that the report
is the token's unit's, that the PDF is the one whose SHA-256 the sender names, then stores
the report as that unit's ``Submission`` and its approved figures as the unit's figures of
the province's targets with the same indicator (so they enter the province's aggregation),
each change audited, all in one transaction. It answers with an acknowledgement:

* a new version → ``accepted`` (the earlier versions are marked superseded);
* the same version with the same PDF and data → ``duplicate``, with the first acknowledgement
  (a sender that lost the answer sends again, and nothing is stored twice);
* the same version with another PDF or other data → refused (409): a changed figure needs a
  new signed version.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from theodoi.audit.services import record, snapshot
from theodoi.domain import aggregate as agg
from theodoi.exchange.models import Submission, SubmissionState, UnitToken, token_digest
from theodoi.exchange.upward import SCHEMA, _comparable, digest
from theodoi.planning.models import Measurement, ReviewState, Target
from theodoi.tenancy.models import Unit

SOURCE_PREFIX = "Liên thông"


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message
        super().__init__(message)


def issue_token(*, user: Any, unit: Unit, name: str) -> tuple[UnitToken, str]:
    """A new token for ``unit``'s instance; the plain token is returned once and never stored."""
    plain = UnitToken.new_plain()
    with transaction.atomic():
        row = UnitToken.objects.create(unit=unit, name=(name or unit.slug)[:100], hint=plain[:10],
                                       digest=token_digest(plain),
                                       created_by=user if getattr(user, "pk", None) else None)
        record("create", row, actor=user or "dòng lệnh", after={"unit": unit.slug, "name": row.name,
                                                                "hint": row.hint})
    return row, plain


def revoke_token(*, user: Any, token: UnitToken) -> None:
    with transaction.atomic():
        before = snapshot(token)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("revoke", token, actor=user or "dòng lệnh", before=before, after=snapshot(token))


def _token(plain: str) -> UnitToken:
    if not plain or not plain.startswith(UnitToken.PREFIX) or len(plain) > 200:
        raise Refused(401, _("Thiếu hoặc sai khóa liên thông."))
    row = UnitToken.objects.select_related("unit").filter(digest=token_digest(plain), revoked_at__isnull=True).first()
    if row is None:
        raise Refused(401, _("Thiếu hoặc sai khóa liên thông."))
    return row


def ack_of(sub: Submission, status: str) -> dict[str, Any]:
    return {"status": status, "submission": str(sub.uid), "unit": sub.unit.slug, "kind": sub.kind,
            "period_key": sub.period_key, "report_version": sub.report_version, "pdf_sha256": sub.sha256,
            "payload_sha256": sub.payload_sha256, "figures_stored": sub.figures_stored,
            "received_at": sub.received_at.isoformat(timespec="seconds")}


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation as exc:
        raise Refused(400, _("Số liệu không hợp lệ: %(v)s") % {"v": value}) from exc
    if not d.is_finite():
        raise Refused(400, _("Số liệu không hợp lệ: %(v)s") % {"v": value})
    return d


def receive(plain_token: str, body: dict[str, Any]) -> dict[str, Any]:
    """Store a report sent by a unit's instance; the acknowledgement. Raises Refused(status, message)."""
    from theodoi.reporting import periods as report_periods

    token = _token(plain_token)
    if body.get("schema") != SCHEMA:
        raise Refused(400, _("Không đúng định dạng liên thông (%(s)s).") % {"s": SCHEMA})
    unit = token.unit
    if body.get("unit") != unit.slug:
        raise Refused(403, _("Khóa này chỉ dùng để gửi báo cáo của %(u)s.") % {"u": unit.name})
    try:
        period = report_periods.parse(str(body.get("kind")), str(body.get("period_key")))
        version = int(body.get("report_version") or 0)
        report_uid = uuid.UUID(str(body.get("report_uid")))
        pdf = base64.b64decode(str(body.get("pdf_base64") or ""), validate=True)
    except (report_periods.PeriodError, ValueError, TypeError, binascii.Error) as exc:
        raise Refused(400, _("Báo cáo gửi lên thiếu hoặc sai thông tin: %(e)s") % {"e": exc}) from exc
    sha = hashlib.sha256(pdf).hexdigest()
    if not pdf.startswith(b"%PDF") or sha != body.get("pdf_sha256") or version < 1:
        raise Refused(400, _("Bản PDF không khớp mã SHA-256 đã gửi kèm."))
    raw_data = body.get("data")
    data: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    payload_sha = digest(_comparable(data))
    with transaction.atomic():
        same = (Submission.objects.select_for_update()
                .filter(unit=unit, kind=body["kind"], period_key=period.key, report_version=version).first())
        if same is not None:
            if same.sha256 == sha and same.payload_sha256 == payload_sha:
                return ack_of(same, "duplicate")
            raise Refused(409, _("Phiên bản %(v)s của báo cáo này đã được tiếp nhận với nội dung khác; số liệu "
                                 "thay đổi cần một phiên bản mới được ký số.") % {"v": version})
        newer = Submission.objects.filter(unit=unit, kind=body["kind"], period_key=period.key,
                                          report_version__gt=version).exists()
        if newer:
            raise Refused(409, _("Đã có phiên bản mới hơn của báo cáo này."))
        sub = Submission(unit=unit, kind=body["kind"], period_key=period.key, report_uid=report_uid,
                         report_version=version, sha256=sha, payload=data, payload_sha256=payload_sha,
                         audit_head=data.get("audit_head") or {}, token=token)
        sub.pdf.save(f"{unit.slug}-{body['kind']}-{period.key}-v{version}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                sub.save()
        except IntegrityError as exc:  # the same version arrived twice at once: the other one won
            raise Refused(409, _("Báo cáo này đang được tiếp nhận; hãy gửi lại sau ít phút.")) from exc
        Submission.objects.filter(unit=unit, kind=sub.kind, period_key=period.key,
                                  report_version__lt=version).update(state=SubmissionState.SUPERSEDED)
        sub.figures_stored = _store_figures(sub, unit, period, data.get("figures") or [])
        sub.save(update_fields=["figures_stored"])
        record("receive", sub, actor=f"{SOURCE_PREFIX}: {unit.slug}",
               after={"unit": unit.slug, "kind": sub.kind, "period": sub.period_key, "version": version,
                      "pdf_sha256": sha, "payload_sha256": payload_sha, "figures_stored": sub.figures_stored,
                      "sender_audit_head": sub.audit_head})
        UnitToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return ack_of(sub, "accepted")


def _store_figures(sub: Submission, unit: Unit, period: Any, figures: list[dict[str, Any]]) -> int:
    """The sender's approved figures as ``unit``'s figures of this instance's targets of the same
    indicator (the plans ``unit`` implements: issued above it); several figures of one target from
    the sender's offices and villages combine by the indicator's rule. Returns how many were stored."""
    above = unit.ancestor_ids()[:-1]
    grouped: dict[int, list[agg.Figure]] = defaultdict(list)
    targets: dict[int, Target] = {}
    for i, f in enumerate(figures):
        code = str(f.get("indicator_code") or "")
        if not code:
            continue
        for t in Target.objects.filter(indicator__code=code, document__issuer_id__in=above).select_related(
                "indicator"):
            targets[t.pk] = t
            grouped[t.pk].append(agg.Figure(i, period.end, _decimal(f.get("value")), _decimal(f.get("numerator")),
                                            _decimal(f.get("denominator"))))
    stored = 0
    for pk, figs in grouped.items():
        t = targets[pk]
        rule = agg.rule_of(t)
        c = agg.combine(figs, end=period.end, since=None, time_how="last", unit_how=rule.unit_how, ratio=rule.ratio)
        if c.value is None and c.numerator is None:
            continue
        if _store_one(sub, t, unit, period, c):
            stored += 1
    return stored


def _store_one(sub: Submission, target: Target, unit: Unit, period: Any, c: agg.Combined) -> bool:
    source = f"{SOURCE_PREFIX}: báo cáo v{sub.report_version} ({sub.uid})"[:255]
    row = Measurement.objects.select_for_update().filter(target=target, unit=unit, period_key=period.key).first()
    if row is not None and row.state == ReviewState.APPROVED and not row.source.startswith(SOURCE_PREFIX):
        return False  # approved here by the province itself: kept, the submission still shows the sender's figure
    value = c.value if c.numerator is None else None
    before = snapshot(row) if row else None
    if row is None:
        row = Measurement(target=target, unit=unit, period_key=period.key, period_end=period.end)
    else:
        row.version += 1
    row.value, row.numerator, row.denominator = value, c.numerator, c.denominator
    row.source, row.state, row.reviewed_at = source, ReviewState.APPROVED, timezone.now()
    row.review_note = _("Tiếp nhận qua liên thông, báo cáo đã ký số.")
    row.save()
    row.refresh_from_db()  # the snapshot of the row as stored (what `theodoi audit verify` compares)
    record("create" if before is None else "update", row, actor=f"{SOURCE_PREFIX}: {unit.slug}", before=before,
           after=snapshot(row), reason=_("Số liệu từ báo cáo liên thông"))
    return True
