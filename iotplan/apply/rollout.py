"""How an apply spreads over many sites: canary first, then batches, and when to stop.

A unit of work is one connection's integrate calls or one gateway's push. Units run in waves: the
first `canary` units alone, then `batch_size` at a time (or all the rest). Without a canary, the
units whose writes must be found again by refId run alone first, one after another until one is
applied (commands/apply.py `_probes`): whether the platform keeps the refIds iotplan sends is
undocumented, and a platform that does not is then caught on one connection instead of on
`--parallelism` of them. Any canary failure stops
the rollout; otherwise it stops starting new units once failures exceed `--max-failures`, or when a
unit's removals, counted again just before its writes, now take more than planned (commands/apply.py
`_JustBefore`). Units
never started are reported as such; a rerun plans from live state and picks them up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from iotplan.apply.outcome import Outcome, Status
from iotplan.wording import quoted

_BUDGET = re.compile(r"([0-9]+)(%?)")  # ASCII: `\d` and int() take any script's digits


@dataclass(frozen=True)
class FailureBudget:
    """`--max-failures N` or `P%` (of the units in this apply)."""

    value: int
    percent: bool = False

    @classmethod
    def parse(cls, text: str) -> FailureBudget:
        match = _BUDGET.fullmatch(text.strip())
        if not match or (match.group(2) and int(match.group(1)) > 100):
            raise ValueError(f"{quoted(text)} is not a count (3) or a percentage (10%)")
        return cls(int(match.group(1)), bool(match.group(2)))

    def allowed(self, units: int) -> int:
        return math.floor(units * self.value / 100) if self.percent else self.value

    def __str__(self) -> str:
        return f"{self.value}{'%' if self.percent else ''}"


@dataclass(frozen=True)
class Rollout:
    canary: int = 0
    batch_size: int = 0  # 0: everything after the canary at once (under --parallelism)
    max_failures: FailureBudget | None = None

    def waves(self, units: list[str]) -> list[list[str]]:
        waves = [units[: self.canary]] if self.canary else []
        rest = units[self.canary :]
        size = self.batch_size or len(rest) or 1
        waves += [rest[start : start + size] for start in range(0, len(rest), size)]
        return [wave for wave in waves if wave]


class Gate:
    """Counts failures as units finish, and says whether another unit may start."""

    def __init__(self, rollout: Rollout, units: int) -> None:
        self.rollout = rollout
        self.units = units
        self.failures = 0
        self._reason = ""  # a unit's halt, a reason found before a unit's writes, a failed canary
        self._budget_exceeded = False  # the --max-failures crossed, once it is

    @property
    def reason(self) -> str:
        """Why no further unit starts. A budget exceeded is counted when this is read: the units
        in flight as it was crossed still finish, and their failures are in the report too."""
        return self._over() if self._budget_exceeded else self._reason

    @property
    def stopped(self) -> bool:
        return bool(self.reason)

    def admit(self) -> bool:
        return not self.stopped

    def stop(self, reason: str) -> None:
        """No further unit may start, for a reason found before a unit's writes (commands/apply.py)."""
        if not self.stopped:
            self._reason = reason

    def record(self, outcome: Outcome) -> None:
        if outcome.halt and not self.stopped:
            self._reason = outcome.halt
        if outcome.status is not Status.FAILED:
            return
        self.failures += 1
        budget = self.rollout.max_failures
        if budget is not None and not self.stopped and self.failures > budget.allowed(self.units):
            self._budget_exceeded = True

    def _over(self) -> str:
        budget = self.rollout.max_failures
        assert budget is not None  # exceeded only when there is one
        allowed = budget.allowed(self.units)
        return f"{self.failures} failures exceed --max-failures {budget} ({allowed} of {self.units} allowed)"

    def after_wave(self, index: int) -> None:
        if index == 0 and self.rollout.canary and self.failures and not self.stopped:
            self._reason = f"a canary failed ({self.failures} of the first {self.rollout.canary} units)"
