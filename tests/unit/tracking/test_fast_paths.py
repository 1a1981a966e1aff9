"""The dashboard's shortcuts give what the rules they stand for give (no database): a recurring task's
"reported for the period" by bisection is the scan of every period end; the trend's counts from each
row's owners are the ranking's counts from the rows; a target judged on several days from its facts
made once is the target judged from ``replace``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.domain.status import TargetFacts, TargetStatus, TaskStatus, target_code
from theodoi.planning.selectors import status
from theodoi.web.selectors import ranking

BASE = dt.date(2025, 1, 1)
day = st.builds(lambda n: BASE + dt.timedelta(days=n), st.integers(min_value=0, max_value=800))


@settings(max_examples=300, deadline=None)
@given(ends=st.lists(day, max_size=30), start=day, length=st.integers(min_value=0, max_value=120))
def test_any_within_is_the_scan_of_every_end(ends, start, length):
    ends = tuple(sorted(ends))  # a history's period ends, oldest first (duplicates: two units, one month)
    end = start + dt.timedelta(days=length)
    assert status._any_within(ends, start, end) == any(start <= e <= end for e in ends)


# a small tree: two communes under a province, an office in each commune, the paths as Unit.save writes them
UNITS = [SimpleNamespace(pk=1, path="/9/"), SimpleNamespace(pk=2, path="/9/20/"), SimpleNamespace(pk=3, path="/9/21/"),
         SimpleNamespace(pk=4, path="/9/20/40/")]
paths = st.sampled_from(["", "/9/", "/9/20/", "/9/21/", "/9/20/40/", "/9/20/41/", "/8/", "/8/30/", "/9/2/"])
codes = st.sampled_from([c.value for c in TaskStatus])
target_codes = st.sampled_from([c.value for c in TargetStatus])
task_row = st.fixed_dictionaries({"lead_path": paths, "status_code": codes, "reported_closed": st.booleans(),
                                  "overdue": st.booleans()})
target_row = st.fixed_dictionaries({"responsible_path": st.one_of(st.none(), paths),
                                    "issuer_path": st.one_of(st.none(), paths), "status_code": target_codes})


@settings(max_examples=200, deadline=None)
@given(units=st.lists(st.sampled_from(UNITS), min_size=1, max_size=4, unique_by=lambda u: u.pk),
       tasks=st.lists(task_row, max_size=25), targets=st.lists(target_row, max_size=25))
def test_counts_from_owners_are_the_rankings_counts(units, tasks, targets):
    mine, goals = ranking.tasks_under(units, tasks), ranking.targets_under(units, targets)
    want = {u.pk: ranking.counts_of(mine[u.pk], goals[u.pk]) for u in units}
    task_owners = ranking.owners(units, (r["lead_path"] for r in tasks))
    target_owners = ranking.owners(units, (ranking.owner_path(r["responsible_path"], r["issuer_path"])
                                           for r in targets))
    got = ranking.counts_by_unit(
        units,
        ((o, r["status_code"], r["reported_closed"], r["overdue"]) for o, r in zip(task_owners, tasks, strict=True)),
        ((o, r["status_code"]) for o, r in zip(target_owners, targets, strict=True)))
    assert got == want
    for u in units:  # each unit's own rows, in the rows' order
        assert [r for r, o in zip(tasks, task_owners, strict=True) if u.pk in o] == mine[u.pk]
        assert [r for r, o in zip(targets, target_owners, strict=True) if u.pk in o] == goals[u.pk]


num = st.one_of(st.none(), st.integers(min_value=0, max_value=200).map(Decimal))


@settings(max_examples=200, deadline=None)
@given(comparator=st.sampled_from([">=", "<=", "=", "range", ""]), goal=num, goal_max=num, baseline=num,
       deadline=st.one_of(st.none(), day), start=st.one_of(st.none(), day),
       series=st.lists(st.tuples(day, st.integers(min_value=0, max_value=200).map(Decimal)), max_size=6),
       on=day)
def test_target_facts_made_once_are_replaces(comparator, goal, goal_max, baseline, deadline, start, series, on):
    base = TargetFacts(comparator=comparator, goal=goal, deadline=deadline, series=(), start=start,
                       baseline=baseline, goal_max=goal_max)
    judged = tuple(sorted(series))
    fixed = {name: getattr(base, name) for name in status._TARGET_FIXED}
    assert TargetFacts(series=judged, **fixed) == replace(base, series=judged)
    assert target_code(TargetFacts(series=judged, **fixed), on) == target_code(replace(base, series=judged), on)


sent_update = st.builds(lambda end, p, approved, did: (end, p, approved, did), day,
                        st.one_of(st.none(), st.integers(min_value=0, max_value=100).map(Decimal)), st.booleans(),
                        st.booleans())


@settings(max_examples=200, deadline=None)
@given(first=st.lists(sent_update, max_size=12), second=st.lists(sent_update, max_size=12),
       days=st.lists(day, min_size=1, max_size=7))
def test_the_folds_kept_per_list_are_the_folds(first, second, days):
    def sent(rows):
        return [status.Sent(end, f"{end:%Y-%m}", p, approved, did, end if approved and p is not None and p >= 100
                            else None) for end, p, approved, did in sorted(rows, key=lambda r: r[0])]

    days = sorted(days)
    a, b = sent(first), sent(second)
    for s in (a, b, a, b):  # each list folded once and given again, the other one its own
        assert status.folded_up_to(s, days) == tuple(status.histories_up_to(s, days))
    later = [*days, days[-1] + dt.timedelta(days=31)]
    assert status.folded_up_to(a, later) == tuple(status.histories_up_to(a, later))  # other days: folded again
    again = list(a)  # the same updates in another list (another request's decoding)
    assert status.folded_up_to(again, days) == status.folded_up_to(a, days)
