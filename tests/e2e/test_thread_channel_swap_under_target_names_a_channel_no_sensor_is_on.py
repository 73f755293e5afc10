"""Under --target, the plan's changes hold only the sensors selected: a refused swap of two sensors'
channels (`rpc-channel-taken-refused`) once named "a free channel" among theirs alone, channel 3, which
pz-3, not selected, is on, a step validation then refuses. The free channel is the first no sensor of
the logger the plan read is on, selected or not: 4, and following that step (selected alike) works."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE
from tests.e2e.test_thread_channel_swap_where_a_taken_channel_is_refused import (
    ADDRESS,
    PZ1,
    PZ2,
    channels,
    declare,
)

SELECTED = ("--target", ADDRESS[PZ1], "--target", ADDRESS[PZ2])


def test_a_refused_swap_under_target_names_a_channel_no_sensor_of_the_logger_is_on(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "rpc-channel-taken-refused")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    declare(workspace, PZ1, 1, 2)
    declare(workspace, PZ2, 2, 1)

    swapped = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change", *SELECTED)

    assert swapped.exit_code == 1, swapped.output
    said = " ".join(swapped.output.split())
    holder = next(each for each in (PZ1, PZ2) if f"move {ADDRESS[each]} to a free channel" in said)
    # pz-3, outside the selection, is on channel 3: 4 is the first channel no sensor of the logger is on.
    assert f"move {ADDRESS[holder]} to a free channel (mux_index: 4) in an apply of its own" in said, said
    assert "(mux_index: 3)" not in said, said
    swapped_to = {PZ1: 2, PZ2: 1}[holder]
    declare(workspace, holder, swapped_to, 4)
    step = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change", *SELECTED)
    assert step.exit_code == 0, step.output
    declare(workspace, holder, 4, swapped_to)
    finished = workspace.run("apply", SITE, "--auto-approve", "--allow-data-model-change", *SELECTED)
    assert finished.exit_code == 0, finished.output
    assert channels(workspace) == {PZ1: 2, PZ2: 1}
