"""A gateway swap through a registered THREAD, applied in part: the new node ABCDEF was made (named
`Site A gateway v2`), its logger not yet. Planned again, the node is no longer registered by the plan
and bears another name than the retired THREAD 4A1B2C, so the box check refused the swap's logger,
exit 1, the swap stuck half made. The logger is created, its line saying where the box's history
stays."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import devices_of
from tests.e2e.test_thread_logger_on_another_stacks_thread_is_noted_in_every_view import ALSO_UNDER, site
from tests.e2e.test_thread_new_gateways_logger_under_another_key_is_noted import NEW_GATEWAY


def test_a_swap_planned_again_once_its_new_node_is_made_creates_the_logger_with_a_note(
    workspace: Workspace,
) -> None:
    (workspace.path / "a.yaml").write_text(site("site-a", "4A1B2C"))
    assert workspace.run("apply", "a.yaml", "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/032433/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})
    node_only = NEW_GATEWAY[: NEW_GATEWAY.index("        devices:\n")]
    (workspace.path / "part.yaml").write_text(node_only)  # what the interrupted apply had made
    assert workspace.run("apply", "part.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "new.yaml").write_text(NEW_GATEWAY)

    plan = workspace.run("plan", "new.yaml")
    assert plan.exit_code == 0, plan.output
    (line,) = [each for each in plan.stdout.splitlines() if "gw/vw-1 (VW_LOGGER)" in each]
    assert ALSO_UNDER in line, line
    assert workspace.run("apply", "new.yaml", "--auto-approve").exit_code == 0
    assert devices_of(workspace, "ABCDEF") == ["/fn/ABCDEF/node/vwlogger/032433/device"]
