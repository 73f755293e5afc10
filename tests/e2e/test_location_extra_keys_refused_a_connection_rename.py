"""A connection whose LOCATION another tool stored with a key of its own (`crs`, which GeoJSON has and
the reference does not show), renamed in the manifest, on a platform that refuses such a key on
update (variant `rest-location-extra-keys-refused`). The update resends the LOCATION as the platform
holds it (A2): the plan notes the key up front, a form the reference does not give (it said nothing
before, and the apply after it was refused); apply is refused whole, nothing written, exit 1, naming
the prop, the form it went in and the one step, which names the key to remove, the same on a rerun;
done so in the web app, the rename goes through."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

VARIANT = "rest-location-extra-keys-refused"
NODE = "quickstart:dam-a"
NAME = "Lake Ellen dam - datalogger feed"
CRS = {"type": "name", "properties": {"name": "EPSG:4326"}}
DECLARED = {"type": "Point", "coordinates": [174.78, -41.27, 20]}
WITH_CRS = {**DECLARED, "crs": CRS}
# Another tool's connection, as the platform holds it: the manifest's refId, name and coordinates.
SEED = {
    "networks": [
        {"project": PROJECT, "connections": [{"ref_id": NODE, "props": {"NAME": NAME, "LOCATION": WITH_CRS}}]}
    ]
}
REFUSED = (
    "answered 400: Extra inputs are not permitted (integration.props.LOCATION.crs). iotplan sent LOCATION "
    'of dam-a as the platform holds it, {"coordinates": [174.78, -41.27, 20], "crs": '
)
STEP = (
    "set LOCATION of dam-a as the manifest declares it (removing its key crs) in the platform's web app, "
    "then apply again"
)
# The plan's note, ahead of any refusal: the removal, which the other tool cannot undo, only past one.
NOTE_STEP = (
    "set LOCATION of dam-a as the manifest declares it (removing its key crs only where the platform refuses "
    "the write: a platform that takes it back keeps its key crs through this write, for the tool that stored "
    "it) in the platform's web app, then apply again"
)
NOTE = "the platform holds LOCATION of dam-a in a form the reference does not give (a key of its own: "


@pytest.fixture
def renamed_beside_crs(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", VARIANT)
    workspace.api("POST", "/_sim/seed", json=SEED)  # the emulator's control plane: the other tool
    first = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert first.exit_code == 0, first.output  # its devices added; the connection is not written
    workspace.edit(QUICKSTART, NAME, "Lake Ellen dam feed")
    return workspace


def test_the_plan_notes_the_key_and_the_step_up_front(renamed_beside_crs: Workspace) -> None:
    plan = renamed_beside_crs.run("plan", QUICKSTART, "--detailed-exitcode")
    assert plan.exit_code == 2, plan.output  # a note: the exit code is the rename's
    assert f'~ name: "{NAME}" → "Lake Ellen dam feed"' in plan.output
    flat = " ".join(plan.output.split())  # the note wraps
    assert NOTE in flat and NOTE_STEP in flat, plan.output
    as_json = renamed_beside_crs.run("plan", QUICKSTART, "--format", "json")
    [node] = [c for c in json.loads(as_json.stdout)["changes"] if c["address"] == "dam-a"]
    [held] = node["held_forms"]
    assert (held["prop"], held["form"]) == ("LOCATION", "a key of its own")
    assert json.loads(held["held"])["crs"] == CRS


def test_apply_is_refused_whole_naming_the_key_and_the_step_on_every_run(
    renamed_beside_crs: Workspace,
) -> None:
    for _ in range(2):  # a rerun is refused the same way, and told the same step
        applied = renamed_beside_crs.run("apply", QUICKSTART, "--auto-approve")
        assert applied.exit_code == 1, applied.output
        assert REFUSED in applied.output
        assert f"Error: apply did not finish: deal with the errors above: {STEP}" in applied.output
        assert "then run it again" not in applied.output
        props = renamed_beside_crs.live_entity(NODE)["props"]
        assert (props["NAME"], props["LOCATION"]) == (NAME, WITH_CRS), "nothing half-written"


def test_done_as_the_step_says_the_rename_goes_through(renamed_beside_crs: Workspace) -> None:
    assert renamed_beside_crs.run("apply", QUICKSTART, "--auto-approve").exit_code == 1
    node = renamed_beside_crs.live_entity(NODE)
    by_hand = {"nodeId": node["id"], "changeState": "update", "props": {"LOCATION": DECLARED}}
    renamed_beside_crs.integrate({"integration": by_hand})  # the web app, as the step says
    applied = renamed_beside_crs.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    props = renamed_beside_crs.live_entity(NODE)["props"]
    assert (props["NAME"], props["LOCATION"]) == ("Lake Ellen dam feed", DECLARED)
    assert "No changes" in renamed_beside_crs.run("plan", QUICKSTART).output
