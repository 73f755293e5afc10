"""A device's LOCATION whose coordinates another tool stored as text (JSON-RPC `updateDevice` takes
them so), which the plan reads as the declared numbers: a rename showed only `~ name`, yet the REST
update rewrote them as numbers, unshown, with exit 0. An update now resends them as held; REST, whose
props the emulator checks against the reference's types, refuses text coordinates, so the unit stops
with the platform's message, why iotplan sent that form, and the one step that lets it through, in
place of "run it again", which is refused alike. Nothing is rewritten."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc

LOGGER = "quickstart:dam-a/logger-1"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.7802", "-41.2701", "21.5"]}
STEP = (
    "set LOCATION of dam-a/logger-1 as the manifest declares it in the platform's web app, then apply again"
)


def test_a_rename_beside_text_coordinates_rest_refuses_is_not_told_to_run_again(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    logger = workspace.live_entity(LOGGER)
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": TEXT_LOCATION}})
    assert "No changes" in workspace.run("plan", QUICKSTART).output
    workspace.edit(QUICKSTART, "Crest datalogger", "Crest logger")
    for _ in range(2):  # a rerun is refused the same way, and told the same step
        renamed = workspace.run("apply", QUICKSTART, "--auto-approve")
        assert renamed.exit_code == 1, renamed.output
        assert (
            'iotplan sent LOCATION of dam-a/logger-1 as the platform holds it, {"coordinates": ["174.7802"'
            in (renamed.output)
        )
        assert f"Error: apply did not finish: deal with the errors above: {STEP}" in renamed.output
        assert "then run it again" not in renamed.output
        props = workspace.live_entity(LOGGER)["props"]
        assert (props["NAME"], props["LOCATION"]) == ("Crest datalogger", TEXT_LOCATION)
