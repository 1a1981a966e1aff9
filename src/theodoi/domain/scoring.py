"""The score that ranks units on the dashboard, with its explanation.

Four components, each a share from 0 to 1 of the unit's own tasks and targets:
timeliness (tasks not overdue), completion (tasks completed), data quality (tasks with a
report for the last closed month) and target attainment (targets met). The score is
their weighted mean on a 0–100 scale; a component without anything to measure (a unit
with no targets) is left out and the others' weights are scaled up, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from theodoi.domain.status import TASK_DONE, TASK_LATE, TargetStatus

WEIGHTS = (
    ("timeliness", "Đúng hạn", 30),
    ("completion", "Hoàn thành", 30),
    ("data_quality", "Chất lượng số liệu", 20),
    ("target_attainment", "Đạt chỉ tiêu", 20),
)


@dataclass(frozen=True)
class UnitFacts:
    timeliness: float | None
    completion: float | None
    data_quality: float | None
    target_attainment: float | None


@dataclass
class Counts:
    """What the four shares of a unit (or of many units together) are made of: its tasks and targets
    counted by status. Counts add up (a province's are the sum of its units'), shares do not."""

    tasks: int = 0
    on_time: int = 0  # neither overdue nor completed late
    done: int = 0  # completed, on time or late
    reported: int = 0  # with an update sent for the last closed month
    overdue: int = 0  # overdue on the day (the row's flag: the roll-up's count of overdue tasks)
    targets: int = 0
    met: int = 0

    def add_task(self, code: str, reported: bool, overdue: bool) -> None:
        self.tasks += 1
        self.on_time += code not in TASK_LATE
        self.done += code in TASK_DONE
        self.reported += bool(reported)
        self.overdue += bool(overdue)

    def add_target(self, code: str) -> None:
        self.targets += 1
        self.met += code == TargetStatus.MET.value

    def __iadd__(self, other: Counts) -> Counts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def as_tuple(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    def facts(self) -> UnitFacts:
        return UnitFacts(timeliness=_share(self.on_time, self.tasks), completion=_share(self.done, self.tasks),
                         data_quality=_share(self.reported, self.tasks),
                         target_attainment=_share(self.met, self.targets))


COUNTS = tuple(f.name for f in fields(Counts))  # the columns that store them (planning.UnitCounts)
TASK_COUNTS = ("tasks", "on_time", "done", "reported", "overdue")  # those counted from tasks
TARGET_COUNTS = ("targets", "met")  # and from targets
assert set(COUNTS) == set(TASK_COUNTS) | set(TARGET_COUNTS)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Component:
    name: str
    label: str
    weight: float  # percent of the score, as declared (30 = 30%)
    value: float | None  # percent achieved, 0..100; None when nothing to measure
    points: float | None  # what it adds to the total, after re-weighting

    @property
    def counted(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Score:
    total: float | None  # 0..100, None when no component could be measured
    components: tuple[Component, ...]

    @property
    def explanation(self) -> str:
        parts = [f"{c.label} {c.value:.0f}% × {c.weight:.0f}%" for c in self.components if c.counted]
        skipped = [c.label for c in self.components if not c.counted]
        text = " + ".join(parts)
        if skipped:
            text += f" (không tính: {', '.join(skipped)})"
        return text


def score_unit(facts: UnitFacts, weights: tuple[tuple[str, str, float], ...] = WEIGHTS) -> Score:
    """Weigh the four shares into one score; shares must lie in 0..1."""
    measured = {}
    for name, _label, _weight in weights:
        share = getattr(facts, name)
        if share is not None and not 0 <= share <= 1:
            raise ValueError(f"{name}: share out of range: {share}")
        measured[name] = share
    live = sum(w for n, _l, w in weights if measured[n] is not None)
    components = []
    total = 0.0
    for name, label, weight in weights:
        share = measured[name]
        points = None if share is None or not live else share * 100 * weight / live
        if points is not None:
            total += points
        components.append(Component(name, label, float(weight), None if share is None else share * 100, points))
    return Score(round(total, 1) if live else None, tuple(components))
