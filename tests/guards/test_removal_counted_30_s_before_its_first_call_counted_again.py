"""A removal first in its unit goes on the count read before the unit started: once confirmed (its unit
the first to start) or in its --parallelism slot (after another unit). That count older than the pacing
line's window when the call's turn comes (here its read answered 30 s after it went), the removal is
counted again first, its age measured from that read, not from the call's first attempt: 40 observations
arriving meanwhile hold it, exit 1 (fx227)."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from tests.guards.count_answered_late import applied
from tests.guards.fleet import FLEET
from tests.guards.test_apply_command import AIR, Platform

DAM_A_AIR_GONE = FLEET.replace(AIR, "", 1)
BOTH_AIRS_GONE = FLEET.replace(AIR, "")


@pytest.mark.parametrize(
    ("text", "held", "arm_on"),
    [(DAM_A_AIR_GONE, "dam-a", "confirm"), (BOTH_AIRS_GONE, "dam-b", "integrate")],
    ids=["counted once confirmed", "counted in its slot"],
)
def test_a_removal_counted_30_s_before_its_first_call_is_counted_again_and_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, held: str, arm_on: str
) -> None:
    platform = Platform(tmp_path)
    platform.apply(FLEET)
    arrive = functools.partial(platform.record_observations, f"site:{held}/logger-1/air", 40)
    result, client = applied(platform, monkeypatch, text, 30.0, arrive, arm_on)
    [outcome] = [o for o in result.outcomes if o.connection == held]
    assert outcome.status is Status.FAILED and outcome.calls == 0, (outcome.message, client.calls)
    assert outcome.message.startswith("stopped before sending call 1 of 1 (30 s passed since it was counted)")
    assert (
        f"remove {held}/logger-1/air: it would destroy 40 observations, none when reviewed" in outcome.message
    )
    with pytest.raises(ApplyError, match="the platform changed during the rollout"):
        result.raise_if_incomplete()
    [kept] = [c for c in platform.prepare(text).plan.writes if c.address.startswith(held)]
    assert (kept.address, kept.action, kept.observations) == (f"{held}/logger-1/air", Action.REMOVE, 40)
