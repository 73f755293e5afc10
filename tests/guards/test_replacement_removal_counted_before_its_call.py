"""A replacement's removal sent in a later call (entities per call 1, two devices changing template)
is counted again just before that call, as a removal is: the REPLACE changes are left out of the
recount only because their creations were counted with the removal (apply/execute.py
`_held_by_recount`, `confirm_removed`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iotplan.apply.outcome import Status
from tests.guards.test_apply_command import Platform
from tests.guards.test_removal_counted_before_each_call import ONE_ENTITY_A_CALL, BeforeIntegrateCall, dam_a


def logger(n: int, template: str = "") -> str:
    pinned = f"            template: {template}\n" if template else ""
    return (
        f"          - key: logger-{n}\n            name: Logger {n}\n{pinned}            sensors:\n"
        "              - key: t\n                template: TEMPERATURE_SDE\n"
    )


BEFORE = dam_a(logger(0), logger(1))
BOTH_REPLACED = dam_a(logger(0, "DEMO_DEVICE_SDE"), logger(1, "DEMO_DEVICE_SDE"))


def test_observations_arriving_before_a_later_replacements_removal_call_stop_it(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(BEFORE)

    def watched(client: Any) -> BeforeIntegrateCall:
        arrive = lambda: platform.record_observations("site:dam-a/logger-1/t", 5000)  # noqa: E731
        return BeforeIntegrateCall(client, 0, arrive)  # before call 1: logger-0's removal

    result, _ = platform.apply(BOTH_REPLACED, ONE_ENTITY_A_CALL, client=watched)
    [outcome] = result.outcomes
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("stopped before call 2 of 4")
    assert "replace dam-a/logger-1: it would destroy 5,000 observations" in outcome.message
    [kept] = [c for c in platform.prepare(BEFORE).plan.changes if c.address == "dam-a/logger-1/t"]
    assert kept.observations == 5000
