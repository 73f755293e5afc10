"""Two stacks applied at once, sharing a connection, each made a device at one address named alike
(tests/guards/test_another_stacks_device_made_beside_during_apply.py): both stand. Every later plan of
either stack lists the other's as a duplicate, as it does a connection of another stack at its key
(plan/copies.py `beside_their_own`), not as one more unmanaged device: nothing else would ever say
that two stand where one was meant."""

from __future__ import annotations

from pathlib import Path

from iotplan.plan.model import Action, Cause
from tests.guards.made_during_apply import WITH_LOGGER_2, another_stacks_logger_2_made
from tests.guards.test_apply_command import Platform


def test_another_stacks_device_at_the_address_and_name_of_ours_is_listed_as_a_duplicate(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(WITH_LOGGER_2)
    another_stacks_logger_2_made(platform)

    plan = platform.prepare(WITH_LOGGER_2).plan
    [ours] = [c for c in plan.changes if c.address == "dam-a/logger-2"]
    [other] = [c for c in plan.changes if c.live_ref_id == "teamb:dam-a/logger-2"]
    assert (other.action, other.cause) == (Action.DUPLICATE, Cause.DUPLICATE)
    assert other.reason.startswith(
        f"stack 'teamb' has a device at this stack's dam-a/logger-2 too: {other.live_id} named 'Logger 2' "
        f"(refId 'teamb:dam-a/logger-2'), beside this stack's {ours.live_id}. "
    )
    assert not plan.summary.has_changes and plan.summary.duplicate == 1
    # Two stacks may each use the address for a logger of their own: the way out that keeps both first.
    assert other.reason.index("name one otherwise") < other.reason.index("remove the other")
