"""``theodoi benchdata``: a database the size of a province, or of the country, for ``make bench``.

For each chosen province it loads the real communes of ``dvhc-2025`` (2025 reorganisation),
gives each commune three offices and two villages, an officer and a leader for each office,
and a plan of ``TARGETS`` targets and ``TASKS`` tasks, then ``months`` months of progress
updates and figures as units really send them: most on time and approved, some late, some
returned, some missing, a few contradictory (a figure above its denominator, a task at 100 %
while overdue). Every row is written with its audit record in the same transaction, chained
like :func:`theodoi.audit.services.record` chains them, so ``theodoi audit verify`` passes
afterwards; rows and records go in with ``COPY`` (batched inserts on SQLite) instead of one
service call each, the history's updates and figures as plain tuples (``demo/rows.py``) rather
than model objects, which is what makes a national database loadable in minutes. The planner's statistics are
refreshed at the end (``ANALYZE``), as every bulk load must.

Running it again adds nothing where a commune already has its bench plan.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from theodoi.audit import anchors
from theodoi.audit.chains import GLOBAL, chain_of, of_unit
from theodoi.audit.models import AuditEvent
from theodoi.audit.services import canonical_json, hasher, lock_chain, object_type_of, opening, snapshot
from theodoi.demo import rows
from theodoi.demo.data import read_csv
from theodoi.demo.units import REFORM, load_national, load_provinces
from theodoi.domain.periods import Period, current_reporting_month, due_date
from theodoi.domain.text import name_key, slugify_vi
from theodoi.planning.models import (
    Comparator,
    DeadlineKind,
    DocStatus,
    DocType,
    Document,
    Indicator,
    IndicatorKind,
    Measurement,
    ProgressUpdate,
    ReviewState,
    Target,
    Task,
)
from theodoi.planning.numbers import number_key
from theodoi.planning.selectors.texts import forget_names
from theodoi.planning.services import counts, state
from theodoi.storage import analyze
from theodoi.tenancy.models import Membership, Role, Unit, UnitCode, UnitKind, User

TARGETS = 20
TASKS = 30
OFFICES = (("van-phong", "Văn phòng HĐND và UBND"), ("vhxh", "Phòng Văn hóa - Xã hội"),
           ("kinh-te", "Phòng Kinh tế"))
VILLAGES = 2
MARK = "benchdata"  # source_name of the bench plans: how a second run recognises them
BATCH = 2000
ACTOR = "benchdata"

# The plan's targets: (text, unit of measure, comparator, value, kind). Ratios are reported as
# numerator/denominator and add up across communes; counts are cumulative.
_TARGET_SHAPES = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "%", Comparator.GE, 100, IndicatorKind.RATIO),
    ("Tỷ lệ người dân hài lòng với dịch vụ công trực tuyến", "%", Comparator.GE, 95, IndicatorKind.RATIO),
    ("Tỷ lệ hộ gia đình có kết nối cáp quang", "%", Comparator.GE, 90, IndicatorKind.RATIO),
    ("Tỷ lệ người trưởng thành có tài khoản thanh toán điện tử", "%", Comparator.GE, 80, IndicatorKind.RATIO),
    ("Tỷ lệ văn bản điện tử ký số", "%", Comparator.GE, 100, IndicatorKind.RATIO),
    ("Tỷ lệ cán bộ được tập huấn kỹ năng số", "%", Comparator.GE, 100, IndicatorKind.RATIO),
    ("Tỷ lệ thôn, bản có sóng di động 4G", "%", Comparator.GE, 100, IndicatorKind.RATIO),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "%", Comparator.GE, 80, IndicatorKind.RATIO),
    ("Tỷ lệ học sinh được học kỹ năng số", "%", Comparator.GE, 90, IndicatorKind.RATIO),
    ("Tỷ lệ cơ sở y tế dùng bệnh án điện tử", "%", Comparator.GE, 100, IndicatorKind.RATIO),
    ("Tỷ lệ hộ kinh doanh dùng thanh toán không dùng tiền mặt", "%", Comparator.GE, 70, IndicatorKind.RATIO),
    ("Tỷ lệ nhiệm vụ cập nhật tiến độ hằng tháng", "%", Comparator.GE, 90, IndicatorKind.RATIO),
    ("Số sản phẩm OCOP được đưa lên sàn thương mại điện tử", "sản phẩm", Comparator.GE, 10, IndicatorKind.COUNT),
    ("Số mô hình ứng dụng khoa học, công nghệ", "mô hình", Comparator.GE, 4, IndicatorKind.COUNT),
    ("Số sáng kiến được công nhận", "sáng kiến", Comparator.GE, 6, IndicatorKind.COUNT),
    ("Số tổ công nghệ số cộng đồng hoạt động", "tổ", Comparator.GE, 2, IndicatorKind.COUNT),
    ("Số lớp tập huấn chuyển đổi số", "lớp", Comparator.GE, 12, IndicatorKind.COUNT),
    ("Số điểm truy cập Internet công cộng", "điểm", Comparator.GE, 3, IndicatorKind.COUNT),
    ("Số doanh nghiệp khởi nghiệp sáng tạo", "doanh nghiệp", Comparator.GE, 2, IndicatorKind.COUNT),
    ("Số camera an ninh kết nối trung tâm", "camera", Comparator.GE, 20, IndicatorKind.COUNT),
]
_TASK_VERBS = ["Triển khai", "Xây dựng", "Tổ chức", "Rà soát", "Nâng cấp", "Tuyên truyền"]
_TASK_OBJECTS = ["nền tảng số dùng chung", "hạ tầng mạng tại thôn, bản", "tập huấn kỹ năng số cho người dân",
                 "số hóa hồ sơ, kết quả thủ tục hành chính", "mô hình ứng dụng khoa học, công nghệ",
                 "dịch vụ công trực tuyến toàn trình", "thanh toán không dùng tiền mặt",
                 "cơ sở dữ liệu dân cư, đất đai", "tổ công nghệ số cộng đồng", "an toàn thông tin"]


@dataclass
class Stats:
    provinces: int = 0
    communes: int = 0
    units: int = 0
    plans: int = 0
    rows: int = 0  # rows of the plans and their history (targets, tasks, updates, figures)
    events: int = 0
    seconds: float = 0.0
    upkeep: float = 0.0  # of ``seconds``: the derived state, the statistics and the stored warnings
    skipped: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        """Rows and audit records per second of the whole run."""
        return (self.rows + self.events) / self.seconds if self.seconds else 0.0

    @property
    def written_per_second(self) -> float:
        """Rows and audit records per second of writing them (the upkeep after them left out)."""
        writing = self.seconds - self.upkeep
        return (self.rows + self.events) / writing if writing > 0 else 0.0


class _Chain:
    """Audit records for bulk-written rows, appended to their chains as ``record()`` appends them: each
    row's province chain (``audit.chains.chain_of``; accounts to the global one), each chain's lock
    taken at its first record and held for the load, a new province chain opened in the global one.

    A record is built as the tuple of its columns, never as an ``AuditEvent``: its ``after`` is written
    to JSON once (``audit.services.canonical_json``), hashed as ``compute_hash`` hashes the record
    (``hash_values``) and stored as that text (``rows.Table.write``: ``COPY`` or batched ``INSERT``)."""

    def __init__(self) -> None:
        self.heads: dict[str, tuple[int, str]] = {}  # chain -> (seq, hash) of its newest record, pending ones too
        self.now = timezone.now()
        self.pending: list[tuple[Any, ...]] = []
        self.count = 0
        self.table = _events()
        self.hashers: dict[str, Callable[[int, str, str, str, str, str, str], str]] = {}

    def _hasher(self, key: str) -> Callable[[int, str, str, str, str, str, str], str]:
        if key not in self.hashers:  # every record of the load shares its time, actor and reason
            self.hashers[key] = hasher(key, at=self.now, actor_id=None, actor_name=ACTOR, before=None,
                                       reason=_REASON)
        return self.hashers[key]

    def _head(self, key: str) -> tuple[int, str]:
        if key not in self.heads:
            self.heads[key] = lock_chain(key)
            anchors.schedule(key)
        return self.heads[key]

    def add(self, action: str, instance: models.Model, after: dict[str, Any] | None = None) -> None:
        self.add_values(action, object_type_of(instance), str(instance.pk), str(instance)[:255], chain_of(instance),
                        after if after is not None else snapshot(instance))

    def add_values(self, action: str, object_type: str, object_id: str, object_repr: str, key: str,
                   after: dict[str, Any]) -> None:
        """Append the record of one row named by its type, id and text, in chain ``key``."""
        seq, prev = self._head(key)
        after_json = canonical_json(after)
        digest = self._hasher(key)(seq + 1, action, object_type, object_id, object_repr, prev, after_json)
        if key != GLOBAL and seq == 0:  # a province's first record: its chain opens in the global one
            opened = opening(key, digest, self.now, self._head(GLOBAL))
            self.heads[GLOBAL] = (opened.seq, opened.hash)
            self.pending.append(tuple(canonical_json(opened.after) if c == "after" else getattr(opened, c)
                                      for c in _EVENT_COLUMNS))
        self.heads[key] = (seq + 1, digest)
        self.pending.append((key, seq + 1, self.now, None, ACTOR, action, object_type, object_id, object_repr,
                             None, after_json, _REASON, prev, digest))
        if len(self.pending) >= BATCH:
            self.flush()

    def add_all(self, action: str, rows: Iterable[models.Model], m2m: dict[str, list[int]] | None = None) -> None:
        for row in rows:
            after = snapshot(row, m2m=m2m) if m2m is not None else None
            self.add(action, row, after)

    def flush(self) -> None:
        if self.pending:
            ids = rows.draw_ids(AuditEvent, len(self.pending))
            self.table.write([(pk, *row) for pk, row in zip(ids, self.pending, strict=True)])
            self.count += len(self.pending)
            self.pending = []


_REASON = "Dữ liệu đo tải (theodoi benchdata)"
# An audit record's columns after its id, in the model's order.
_EVENT_COLUMNS = ("chain", "seq", "at", "actor_id", "actor_name", "action", "object_type", "object_id",
                  "object_repr", "before", "after", "reason", "prev_hash", "hash")


def _events() -> rows.Table:
    table = rows.Table(AuditEvent, _EVENT_COLUMNS)
    if table.columns != ["id", *_EVENT_COLUMNS]:  # the tuples above are in the model's column order
        raise RuntimeError(f"audit.AuditEvent's columns changed: {table.columns}")
    return table


def bulk_insert(model: type[models.Model], objs: list[Any]) -> None:
    """Insert rows fast and give each its id: COPY on PostgreSQL (ids drawn from the table's
    sequence first), batched INSERTs elsewhere."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    from psycopg.types.json import Jsonb

    meta = model._meta
    table = meta.db_table
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, meta.pk.column, len(objs)])
        for obj, (pk,) in zip(objs, cur.fetchall(), strict=True):
            obj.pk = pk
        fields = meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        now = timezone.now()
        # psycopg adapts the plain Python values itself (Decimal, date, aware datetime, UUID);
        # only JSON needs its wrapper, and auto_now columns their time.
        values = operator.attrgetter(*[f.attname for f in fields])
        json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        now_at = [i for i, f in enumerate(fields)
                  if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        with cur.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = list(values(obj))
                for i in json_at:
                    row[i] = None if row[i] is None else Jsonb(row[i])
                for i in now_at:
                    row[i] = row[i] or now
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = "default"


def _province_rows(keys: list[str] | None) -> list[dict[str, str]]:
    rows = read_csv("dvhc-2025", "provinces.csv")
    if keys is None:
        return rows
    wanted = {k.strip().lower() for k in keys if k.strip()}
    out, found = [], set()
    for row in rows:
        names = {row["code"], slugify_vi(row["name"]), slugify_vi(row["full_name"])}
        hit = names & wanted
        if hit:
            out.append(row)
            found |= hit
    missing = wanted - found
    if missing:
        raise ValueError("Không có tỉnh, thành phố: " + ", ".join(sorted(missing))
                         + " (dùng mã, ví dụ 12, hoặc tên không dấu, ví dụ lai-chau).")
    return out


Spec = tuple[str, str, str, Unit, dict[str, Any]]  # slug, name, kind, parent, other fields


def _new_units(specs: list[Spec]) -> list[Unit]:
    """Create units in bulk: (slug, name, kind, parent, extra fields); paths set after the ids."""
    units = [Unit(slug=slug, name=name, kind=kind, parent=parent, name_key=name_key(name), **extra)
             for slug, name, kind, parent, extra in specs]
    Unit.objects.bulk_create(units, batch_size=BATCH)
    if any(u.pk is None for u in units):  # engines that return no ids on bulk insert
        by_slug = dict(Unit.objects.filter(slug__in=[u.slug for u in units]).values_list("slug", "pk"))
        for u in units:
            u.pk = by_slug[u.slug]
    for u, spec in zip(units, specs, strict=True):
        u.path = f"{spec[3].path}{u.pk}/"
        u.depth = u.path.count("/") - 2
    Unit.objects.bulk_update(units, ["path", "depth"], batch_size=BATCH)
    forget_names()  # bulk writes send no signal: the names units share are read again
    return units


def _communes(province: Unit, code: str, limit: int | None) -> list[Unit]:
    """The province's communes of 2025, reusing those already loaded (by their official code)."""
    rows = [r for r in read_csv("dvhc-2025", "communes.csv") if r["province_code"] == code]
    if limit is not None:
        rows = rows[:limit]
    existing = {c.code: c.unit for c in UnitCode.objects.filter(
        scheme="gso", code__in=[r["code"] for r in rows], unit__kind=UnitKind.COMMUNE,
        unit__valid_to__isnull=True).select_related("unit")}
    specs: list[Spec] = [(f"{slugify_vi(r['full_name'])}-{r['code']}", r["full_name"], UnitKind.COMMUNE, province,
              {"short_name": r["name"], "admin_type": r["type"], "valid_from": REFORM})
             for r in rows if r["code"] not in existing]
    made = dict(zip([s[0] for s in specs], _new_units(specs), strict=True))
    UnitCode.objects.bulk_create([UnitCode(unit=made[f"{slugify_vi(r['full_name'])}-{r['code']}"], scheme="gso",
                                           code=r["code"], valid_from=REFORM)
                                  for r in rows if r["code"] not in existing], batch_size=BATCH)
    return [existing.get(r["code"]) or made[f"{slugify_vi(r['full_name'])}-{r['code']}"] for r in rows]


def _offices(communes: list[Unit]) -> dict[int, list[Unit]]:
    """Three offices and two villages per commune (the existing ones kept); offices by commune id."""
    have = {(u.parent_id, u.name): u for u in Unit.objects.filter(parent__in=communes)}
    specs: list[Spec] = []
    for c in communes:
        for key, name in OFFICES:
            if (c.pk, name) not in have:
                specs.append((f"{c.slug}-{key}", name, UnitKind.OFFICE, c, {"valid_from": REFORM}))
        for i in range(1, VILLAGES + 1):
            if (c.pk, f"Bản {i}") not in have:
                specs.append((f"{c.slug}-ban-{i}", f"Bản {i}", UnitKind.VILLAGE, c, {}))
    for u in _new_units(specs):
        have[(u.parent_id, u.name)] = u
    return {c.pk: [have[(c.pk, name)] for _key, name in OFFICES] for c in communes}


def _people(offices: dict[int, list[Unit]], chain: _Chain) -> dict[int, tuple[User, User]]:
    """An officer and a leader for each office (no usable password: the bench signs them in)."""
    units = [o for group in offices.values() for o in group]
    have: dict[tuple[int, str], User] = {
        (m.unit_id, m.role): m.user for m in Membership.objects.filter(
            unit__in=units, role__in=[Role.OFFICER, Role.LEADER]).select_related("user")}
    users, members = [], []
    for office in units:
        for role, suffix in ((Role.OFFICER, "cb"), (Role.LEADER, "ld")):
            if (office.pk, role) in have:
                continue
            user = User(username=f"bench.{office.slug}.{suffix}"[:150], full_name=f"Cán bộ {office.slug}"[:150])
            user.set_unusable_password()
            users.append(user)
            members.append((user, office, role))
    User.objects.bulk_create(users, batch_size=BATCH)
    chain.add_all("create", users, m2m={"groups": [], "user_permissions": []})
    rows = [Membership(user=u, unit=o, role=r, title="Lãnh đạo" if r == Role.LEADER else "Chuyên viên")
            for u, o, r in members]
    bulk_insert(Membership, rows)
    chain.add_all("create", rows)
    for m in rows:
        have[(m.unit_id, m.role)] = m.user
    return {o.pk: (have[(o.pk, Role.OFFICER)], have[(o.pk, Role.LEADER)]) for o in units}


def _reader(province: Unit, chain: _Chain) -> None:
    """The province's Sở KH&CN, with a reader who sees every commune (as the demo's ``sokhcn``)."""
    so = Unit.objects.filter(parent=province, name="Sở Khoa học và Công nghệ").first()
    if so is None:
        so = Unit(slug=f"{province.slug}-so-khcn", name="Sở Khoa học và Công nghệ", kind=UnitKind.AGENCY,
                  parent=province)
        so.save()
    username = f"bench.{province.slug}.sokhcn"
    if not User.objects.filter(username=username).exists():
        user = User(username=username, full_name=f"Sở KH&CN {province.short_name or province.name}")
        user.set_unusable_password()
        user.save()
        chain.add("create", user)
        m = Membership.objects.create(user=user, unit=province, role=Role.READER, title="Chuyên viên Sở KH&CN")
        chain.add("create", m)


def _indicators() -> list[Indicator]:
    out = []
    for i, (text, uom, _cmp, _value, kind) in enumerate(_TARGET_SHAPES, 1):
        ind, _ = Indicator.objects.get_or_create(
            code=f"BENCH-{i:02d}",
            defaults={"name": text, "kind": kind, "unit_of_measure": uom,
                      "numerator_label": "Số đạt" if kind == IndicatorKind.RATIO else "",
                      "denominator_label": "Tổng số" if kind == IndicatorKind.RATIO else ""},
        )
        out.append(ind)
    return out


def _months(today: dt.date, count: int) -> list[Period]:
    out = [current_reporting_month(today)]
    while len(out) < count:
        out.insert(0, out[0].previous())
    return out


@functools.cache  # a load repeats the same few hundred days
def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _plan(commune: Unit, n: int, offices: list[Unit], indicators: list[Indicator],
          periods: list[Period]) -> tuple[Document, list[Target], list[Task]]:
    """A commune's plan, its targets and its tasks, not written yet (``_write_plans``)."""
    number = f"{100 + n}/KH-UBND"
    doc = Document(doc_type=DocType.KE_HOACH, number=number, number_key=number_key(number), issuer=commune,
                   issuer_name=f"Ủy ban nhân dân {commune.name[:1].lower()}{commune.name[1:]}",
                   issued_date=periods[0].start, period_start=periods[0].year, period_end=2030,
                   title=f"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW trên địa bàn {commune.name}",
                   status=DocStatus.ACTIVE, monthly_due_day=15, source_name=MARK)
    targets = [
        Target(document=doc, code=str(j + 1), text=f"{text} đạt {value}{'%' if uom == '%' else ' ' + uom}",
               section="II.2", comparator=cmp, value=Decimal(value), unit_of_measure=uom, deadline_year=2030,
               indicator=indicators[j], responsible_unit=offices[j % len(offices)], position=j)
        for j, (text, uom, cmp, value, _kind) in enumerate(_TARGET_SHAPES[:TARGETS])
    ]
    tasks = []
    for i in range(TASKS):
        # a third already due within the history (some will be overdue), the rest later
        due = periods[min(len(periods) - 1, (i * len(periods)) // TASKS)].end if i % 3 == 0 else dt.date(
            periods[-1].year + 1 + i % 4, 12, 31)
        tasks.append(Task(
            document=doc, code=f"{i // 10 + 1}.{i % 10 + 1}",
            title=f"{_TASK_VERBS[i % len(_TASK_VERBS)]} {_TASK_OBJECTS[i % len(_TASK_OBJECTS)]} ({i + 1})",
            lead_unit=offices[i % len(offices)], lead_unit_name=offices[i % len(offices)].name,
            outputs="Báo cáo kết quả; sản phẩm theo kế hoạch", deadline_text=f"{due:%d/%m/%Y}",
            deadline_kind=DeadlineKind.DATE, due_date=due, budget_planned=Decimal(50_000_000 * (1 + i % 5)),
            funding_source="Ngân sách xã", position=i,
        ))
    return doc, targets, tasks


Plan = tuple[int, Unit, Document, list[Target], list[Task]]  # commune's index, commune, plan, targets, tasks


def _write_plans(plans: list[Plan], chain: _Chain) -> None:
    """Write a province's new plans, then their targets, then their tasks, each with its records
    (three writes for the province, not three per commune)."""
    docs = [doc for _n, _c, doc, _g, _t in plans]
    Document.objects.bulk_create(docs, batch_size=BATCH)
    chain.add_all("create", docs, m2m={"implements": []})
    for _n, _c, doc, goals, work in plans:  # the plan's id, now that it has one
        for target in goals:
            target.document = doc
        for task in work:
            task.document = doc
    targets = [t for *_x, goals, _t in plans for t in goals]
    bulk_insert(Target, targets)
    chain.add_all("create", targets)
    tasks = [t for *_x, work in plans for t in work]
    bulk_insert(Task, tasks)
    chain.add_all("create", tasks, m2m={"coordinating_units": [], "targets": []})


# The columns the history's rows set; the others take the models' defaults (``rows.Table``).
_UPDATE_COLUMNS = ("task_id", "unit_id", "period_key", "period_end", "percent", "work_done", "outputs_delivered",
                   "difficulties", "proposals", "state", "created_by_id", "submitted_by_id", "submitted_at",
                   "reviewed_by_id", "reviewed_at", "review_note")
_FIGURE_COLUMNS = ("target_id", "unit_id", "period_key", "period_end", "value", "numerator", "denominator", "source",
                   "entered_by_id", "created_by_id", "state", "submitted_by_id", "submitted_at", "reviewed_by_id",
                   "reviewed_at")


class _Tables:
    """The history's two tables, described once per load."""

    def __init__(self) -> None:
        self.updates = rows.Table(ProgressUpdate, _UPDATE_COLUMNS)
        self.figures = rows.Table(Measurement, _FIGURE_COLUMNS)


@dataclass
class _History:
    """A province's history, gathered commune by commune and written once (``_write_history``)."""

    updates: list[tuple[Any, ...]] = field(default_factory=list)
    update_texts: list[str] = field(default_factory=list)  # each row's ``str()``, for its record
    completed: list[Task] = field(default_factory=list)
    figures: list[tuple[Any, ...]] = field(default_factory=list)
    figure_texts: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.updates) + len(self.figures)


def _write(table: rows.Table, action: str, values: list[tuple[Any, ...]], texts: list[str], chain: _Chain) -> None:
    """Write rows given as tuples and append their audit records (the snapshot built with the row)."""
    ids, out, pictures = table.build(values)
    table.write(out)
    unit = table.given.index("unit_id")
    otype = table.meta.label_lower  # audit.services.object_type_of
    for pk, value, text, after in zip(ids, values, texts, pictures, strict=True):
        # the record's chain is its unit's province's (audit.chains: what chain_of gives the row)
        chain.add_values(action, otype, str(pk), text[:255], of_unit(value[unit]), after)


def _history(commune_index: int, people: dict[int, tuple[User, User]], targets: list[Target], tasks: list[Task],
             periods: list[Period], today: dt.date, out: _History) -> None:
    """A commune's months of updates and figures, added to ``out``."""
    updates, texts, completed = out.updates, out.update_texts, out.completed
    last = len(periods) - 1
    labels = [p.label_vi.lower() for p in periods]
    keys = [p.key for p in periods]
    dues = [due_date(p, 15) for p in periods]
    for i, task in enumerate(tasks):
        scenario = (i + commune_index) % 10
        officer, leader = people[int(task.lead_unit_id or 0)]
        percent = Decimal(0)
        name = str(task)
        work = task.title[:60].lower()
        for k, period in enumerate(periods):
            if scenario == 8 and k >= last - 1:
                break  # stopped reporting two months ago: missing updates
            step = Decimal(0) if scenario == 9 and k >= last - 3 else Decimal(4 + (i % 4) * 2)
            percent = min(Decimal(100), percent + step)
            due = dues[k]
            submitted = due + dt.timedelta(days=4) if scenario == 6 else due - dt.timedelta(days=2)
            state = ReviewState.APPROVED
            if k == last:
                submitted = min(submitted, today)
                state = (ReviewState.SUBMITTED, ReviewState.DRAFT)[i % 2]
            elif scenario == 7 and k == last - 1:
                state = ReviewState.RETURNED
            submitted_at = _at(submitted) if state != ReviewState.DRAFT else None
            reviewed = state in (ReviewState.APPROVED, ReviewState.RETURNED)
            updates.append((
                task.pk, task.lead_unit_id, keys[k], period.end, percent,
                f"Thực hiện {work} trong {labels[k]}.",
                "Báo cáo, hình ảnh hoạt động" if scenario != 2 else "",
                "Thiếu kinh phí, nhân lực chuyên môn." if scenario in (6, 9) else "",
                "Đề nghị hỗ trợ kinh phí, tập huấn." if scenario in (6, 9) else "",
                state.value, officer.pk, officer.pk if submitted_at else None, submitted_at,
                leader.pk if reviewed else None,
                _at(min(today, submitted + dt.timedelta(days=2)), 15) if reviewed else None,
                "Đề nghị bổ sung minh chứng." if state == ReviewState.RETURNED else "",
            ))
            texts.append(f"{name} / {keys[k]}")
            if percent >= 100 and state == ReviewState.APPROVED and task.completed_on is None and scenario < 6:
                task.completed_on = min(period.end, today)
                task.version += 1
                completed.append(task)
    figures, texts = out.figures, out.figure_texts
    unit = targets[0].document.issuer
    assert unit is not None  # a bench plan is the commune's own
    for j, target in enumerate(targets):
        officer, leader = people[int(target.responsible_unit_id or 0)]
        ratio = target.unit_of_measure == "%"
        denominator = Decimal(100 + 10 * j + 5 * (commune_index % 7))
        for k, period in enumerate(periods[:-1]):
            share = Decimal(min(100, 30 + 3 * k + (j + commune_index) % 9)) / 100
            value = numerator = den = None
            if ratio:
                numerator, den = (denominator * share).quantize(Decimal(1)), denominator
                if j == 0 and k == last - 1 and commune_index % 9 == 0:
                    numerator = den + 12  # more than there are: a contradiction for the warnings
            else:
                value = ((target.value or Decimal(0)) * share).quantize(Decimal(1))
            figures.append((
                target.pk, unit.pk, keys[k], period.end, value, numerator, den, "Báo cáo của đơn vị",
                officer.pk, officer.pk, ReviewState.APPROVED.value, officer.pk, _at(period.end), leader.pk,
                _at(period.end, 16),
            ))
            texts.append(f"{target.pk} / {unit} / {keys[k]}")


def _write_history(history: _History, tables: _Tables, chain: _Chain) -> None:
    _write(tables.updates, "submit", history.updates, history.update_texts, chain)
    if history.completed:
        Task.objects.bulk_update(history.completed, ["completed_on", "version"], batch_size=BATCH)
        chain.add_all("complete", history.completed, m2m={"coordinating_units": [], "targets": []})
    _write(tables.figures, "submit", history.figures, history.figure_texts, chain)


def _n(number: int) -> str:
    """A whole number as Vietnamese write it: 156.000."""
    return f"{number:,}".replace(",", ".")


def load(provinces: list[str] | None, *, months: int = 24, communes: int | None = None,
         today: dt.date | None = None, say: Callable[[str], None] = print) -> Stats:
    """Fill the database; ``provinces`` None means every province (``--nation``)."""
    if months < 1 or months > 120:
        raise ValueError("Số tháng phải từ 1 đến 120.")
    if communes is not None and communes < 1:
        raise ValueError("Số xã mỗi tỉnh phải từ 1 trở lên.")
    today = today or timezone.localdate()
    provinces_rows = _province_rows(provinces)
    stats = Stats()
    started = time.perf_counter()
    with transaction.atomic():
        load_national()
        by_code = load_provinces()
    indicators = _indicators()
    periods = _months(today, months)
    tables = _Tables()
    for row in provinces_rows:
        province = by_code[row["code"]]
        with transaction.atomic():
            chain = _Chain()
            _reader(province, chain)
            commune_units = _communes(province, row["code"], communes)
            offices = _offices(commune_units)
            people = _people(offices, chain)
            done = set(Document.objects.filter(issuer__in=commune_units, source_name=MARK)
                       .values_list("issuer_id", flat=True))
            stats.skipped += [c.slug for c in commune_units if c.pk in done]
            plans = [(n, c, *_plan(c, n, offices[c.pk], indicators, periods))
                     for n, c in enumerate(commune_units) if c.pk not in done]
            _write_plans(plans, chain)
            history = _History()
            for n, _commune, _doc, targets, tasks in plans:
                _history(n, people, targets, tasks, periods, today, history)
            _write_history(history, tables, chain)
            stats.plans += len(plans)
            stats.rows += sum(1 + len(g) + len(t) for *_x, g, t in plans) + len(history)
            new_tasks = [t.pk for *_x, work in plans for t in work]
            new_targets = [t.pk for *_x, goals, _t in plans for t in goals]
            # the bulk path bypasses the writes' upkeep: the new tasks' and targets' current state
            upkeep = time.perf_counter()
            state.rebuild(new_tasks, new_targets)
            counts.rebuild([o.pk for group in offices.values() for o in group] + [c.pk for c in commune_units],
                           day=today)  # and their units' counts for the national roll-up
            stats.upkeep += time.perf_counter() - upkeep
            chain.flush()
            stats.events += chain.count
        stats.provinces += 1
        stats.communes += len(commune_units)
        say(f"{province.name}: {len(commune_units)} xã, phường; đến nay {_n(stats.rows)} dòng, "
            f"{_n(stats.events)} bản ghi nhật ký ({time.perf_counter() - started:.1f} s)")
    stats.units = Unit.objects.count()
    upkeep = time.perf_counter()
    analyze()  # the planner's statistics, as after every bulk load
    from theodoi.planning.services.warnings import refresh_all

    refresh_all()  # the bulk path bypasses the writes' refresh: today's warnings stored anew
    stats.upkeep += time.perf_counter() - upkeep
    stats.seconds = time.perf_counter() - started
    return stats
