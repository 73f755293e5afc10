"""A sensor renamed pz-1 → pz-9 with a `moved` entry while an orphan connection of the stack
(`quickstart:dam-old`, which the plan reads and removes) holds a sensor carrying its old refId: the
rename's write goes by that refId, which two live entities carry, and is refused, naming the copy.
The plan passes over its in-sync sensors when it looks for renames (plan/diff.py
`copies_of_renamed_ref_ids`): a moved sensor is no in-sync one, and is looked for all the same."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved

OLD_REF_ID = "quickstart:dam-a/logger-1/pz-1"


def test_a_sensor_moved_while_an_orphan_connection_of_the_stack_holds_its_old_refid_is_refused(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-old/x", OLD_REF_ID, connection_ref_id="quickstart:dam-old")
    sensors = workspace.api("GET", "/api/sensors/all", params={"projectIds": PROJECT, "pageSize": 1000})
    copy = next(sensor["id"] for sensor in sensors if sensor["props"]["NAME"] == "s")  # pz-1's namesake
    renamed_with_moved(workspace, "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-9")

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    assert (
        f"dam-a/logger-1/pz-9: would update by its refId '{OLD_REF_ID}', which sensor {copy} "
        f"('{OLD_REF_ID}') under connection" in said
    ), said
    assert "integrate cannot tell them apart" in said
