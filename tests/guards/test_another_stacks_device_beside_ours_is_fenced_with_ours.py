"""Another stack's device listed as a duplicate beside this stack's own (plan/copies.py
`beside_their_own`) is addressed as a copy of ours, `dam-a/logger-2#` and its short id: --target
dam-a/logger-2 shows it, as the plan of the whole does, and --exclude dam-a/logger-2 fences it off."""

from __future__ import annotations

from pathlib import Path

from iotplan.commands.apply import ApplyRequest
from iotplan.plan.model import Action, PlanOptions
from tests.guards.made_during_apply import WITH_LOGGER_2, another_stacks_logger_2_made
from tests.guards.test_apply_command import Platform


def test_another_stacks_device_beside_ours_is_selected_and_fenced_off_with_ours(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(WITH_LOGGER_2)
    another_stacks_logger_2_made(platform)

    def duplicates(**fences: tuple[str, ...]) -> list[str]:
        request = ApplyRequest(options=PlanOptions(**fences))
        plan = platform.prepare(WITH_LOGGER_2, request=request).plan
        return [c.address for c in plan.changes if c.action is Action.DUPLICATE]

    [whole] = duplicates()
    assert whole.startswith("dam-a/logger-2#")
    assert duplicates(targets=("dam-a/logger-2",)) == [whole]
    assert duplicates(excludes=("dam-a/logger-2",)) == []
