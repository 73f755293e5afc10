"""A device's LOCATION another tool stored in a form of its own, the plan reading it as the declared
numbers (no change): a rename showed only `~ name`, yet the REST update wrote the LOCATION back in the
manifest's form, unshown, dropping the other tool's `crs` key. An update now resends what the plan
shows unchanged as the platform holds it (as a THREAD's update does)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

LOGGER = "quickstart:dam-a/logger-1"
COORDINATES = [174.7802, -41.2701, 21.5]
WITH_CRS = {
    "type": "Point",
    "coordinates": COORDINATES,
    "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
}


def test_a_rename_keeps_a_location_key_another_tool_set(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    update = {"changeState": "update", "refId": LOGGER, "props": {"LOCATION": WITH_CRS}}
    workspace.integrate_under("quickstart:dam-a", [update])  # another tool, through REST
    assert "No changes" in workspace.run("plan", QUICKSTART).output
    workspace.edit(QUICKSTART, "Crest datalogger", "Crest logger")
    renamed = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    props = workspace.live_entity(LOGGER)["props"]
    assert props["NAME"] == "Crest logger"
    assert props["LOCATION"] == WITH_CRS
    assert "No changes" in workspace.run("plan", QUICKSTART).output
