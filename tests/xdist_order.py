"""The order in which ``make test`` hands the test modules to its processes: the longest first.

pytest-xdist's ``--dist loadfile`` sends a whole module to one process (its module fixtures load
once) and, by default, the modules with the most tests first, so the long modules of one or two
tests (a browser walk-through, two real instances exchanging a report, OCR of a scan) came last
and one core ran them alone while the other sat idle. :class:`LongestFirst` gives a process that
is about to run out of work the longest module still waiting, by the seconds each took in a
measured run (``tests/durations.json``: ``scripts/test_durations.py`` rewrites it from a JUnit XML
report); a module not measured yet counts a third of a second a test. Which tests run, and where
each module's tests run together, is unchanged: only the order.
"""

from __future__ import annotations

import json
from pathlib import Path

from xdist.scheduler import LoadFileScheduling

DURATIONS = Path(__file__).resolve().parent / "durations.json"
PER_TEST = 0.3  # seconds, for a module not in DURATIONS


def _measured() -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(DURATIONS.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


class LongestFirst(LoadFileScheduling):
    """``--dist loadfile`` with the longest module first, and a new module only when needed."""

    def __init__(self, config, log=None) -> None:
        super().__init__(config, log)
        self.seconds = _measured()

    def _weight(self, scope: str) -> float:
        return self.seconds.get(scope, PER_TEST * len(self.workqueue[scope]))

    def _assign_work_unit(self, node) -> None:
        longest = max(self.workqueue, key=self._weight)
        self.workqueue.move_to_end(longest, last=False)  # the parent takes the first one waiting
        super()._assign_work_unit(node)

    def _reschedule(self, node) -> None:
        # xdist tops a process up when 2 of its tests are pending; 1 is enough (a process runs a test
        # once it knows the next one), and it keeps a second long module from queueing behind the first.
        if node.shutting_down:
            return
        if not self.workqueue:
            node.shutdown()
            return
        if self._pending_of(self.assigned_work[node]) > 1:
            return
        self._assign_work_unit(node)
