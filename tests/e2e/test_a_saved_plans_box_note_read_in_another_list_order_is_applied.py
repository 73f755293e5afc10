"""A saved plan creating a THREAD logger whose box two other THREADs hold: its line notes both, joined
in the order the platform's lists gave them. The platform keeps no order (docs/api-assumptions.md A5),
so at apply the same THREADs could come back the other way round, and the saved plan was refused as
the plan file's edit ("was the plan file edited or cut?") on a platform that had not changed. The note
lists them by their ids: the saved plan applies."""

from __future__ import annotations

import pytest

from tests.e2e.box_notes import box_held_under, write_site
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import devices_of


def test_a_saved_plans_box_note_read_in_another_list_order_is_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(workspace, "777")
    for node in ("4A1B2C", "8A9B0C"):
        box_held_under(workspace, node, "777")
    planned = workspace.run("plan", "b.yaml", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    assert "THREAD /fn/4A1B2C/node" in planned.stdout and "THREAD /fn/8A9B0C/node" in planned.stdout

    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "unstable-list-order")  # the lists read in another order
    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert devices_of(workspace, "5D6E7F") == ["/fn/5D6E7F/node/vwlogger/777/device"]
