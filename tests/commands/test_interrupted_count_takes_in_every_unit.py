"""An apply interrupted during its verifying read, a gateway left pending (its read back failed: its
settings may or may not be applied) and another refused, counts every unit in its error: the pending
and the refused one too, so the counts add up to the units the report lists (fz100)."""

from __future__ import annotations

import re

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult, interrupted
from iotplan.render.apply_report import INTERRUPTED, VERIFY_INTERRUPTED
from tests.render import plans


def test_an_interrupted_apply_counts_its_pending_and_refused_gateways() -> None:
    applied = Outcome("tunnel-thread", Status.APPLIED, calls=12, applied=["tunnel-thread/vw2"])
    pending = Outcome(
        "tunnel-thread/edge",
        Status.PENDING,
        "read-back failed",
        calls=11,
        unsure=["tunnel-thread/edge/port1.power"],
    )
    refused = Outcome("dam-a/edge", Status.REFUSED, "serial differs", pending=["dam-a/edge/port1.power"])
    outcomes = [applied, pending, refused]
    result = ApplyResult(
        plans.update(), outcomes, stopped=INTERRUPTED, verify_error=VERIFY_INTERRUPTED, replan=True
    )
    told = interrupted(result).args[0]
    counts = told.split(". ")[0]
    assert counts.startswith(
        "interrupted: connections and gateways: 1 applied, 0 in flight (outcome unknown), "
        "0 not started, 0 failed, 1 pending, 1 refused"
    )
    assert sum(int(n) for n in re.findall(r"(\d+) [a-z]", counts)) == len(outcomes)
