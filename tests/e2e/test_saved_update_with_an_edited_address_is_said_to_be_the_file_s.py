"""An update's address edited in a saved plan (pz-1 to pz-9, the sensor renamed in the manifest)
was refused as "the platform changed since the plan was made (dam-a/logger-1/pz-9)", pz-1's own
update named as either the platform's or the file's: the live entity it names stands at pz-1,
reading as it did. Only the file can have moved its write, and that is said."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.saved_address_edit import plan_with_pz1_moved_to_pz9


def test_saved_update_with_an_edited_address_is_said_to_be_the_file_s(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    plan_with_pz1_moved_to_pz9(workspace)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert (
        "Error: the plan file was edited: it writes dam-a/logger-1/pz-9 (the entity it names stands at "
        "dam-a/logger-1/pz-1), where the manifest declares nothing and nothing stands on the platform: run "
        "iotplan plan again\n"
    ) in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["props"]["NAME"] == "Piezometer PZ-1"
