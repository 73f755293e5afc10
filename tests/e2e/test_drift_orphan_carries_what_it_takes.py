"""An orphaned connection's drift entry carries the devices and sensors its removal takes, as the
plan's line counts them (`7 more destroyed with them`): the summary line said `1 orphaned` with
nothing beside it, and its JSON entry `folded: 0, below: []`, though its reason named 2 devices and
5 sensors (cr34c). A removal lists what it takes on no change of its own (its collateral)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

RENAMED = "renamed.yaml"
TAKEN = {
    "dam-42/logger-1",
    "dam-42/logger-1/pz-1",
    "dam-42/logger-1/crack-1",
    "dam-42/logger-1/tilt-1",
    "dam-42/weather",
    "dam-42/weather/air-temp",
    "dam-42/weather/battery",
}


def dam_a_renamed_dam_42(workspace: Workspace) -> None:
    """quickstart applied, then applied again with its connection's key renamed: drift of the
    original manifest finds dam-a missing and dam-42 the stack's orphan."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    (workspace.path / RENAMED).write_text((workspace.path / QUICKSTART).read_text())
    workspace.edit(RENAMED, "key: dam-a", "key: dam-42")
    renamed = workspace.run("apply", RENAMED, "--auto-approve", "--allow-destroy")
    assert renamed.exit_code == 0, renamed.output


def test_the_orphaned_connection_counts_its_devices_and_sensors(workspace: Workspace) -> None:
    dam_a_renamed_dam_42(workspace)
    drift = workspace.run("drift", QUICKSTART)
    assert "1 missing (7 more below it), 0 modified, 1 orphaned (7 more below it)," in drift.output
    plan = workspace.run("plan", QUICKSTART)
    assert "(7 more destroyed with them)" in plan.output  # what the orphan's count agrees with


def test_its_json_entry_names_what_it_takes(workspace: Workspace) -> None:
    dam_a_renamed_dam_42(workspace)
    report = workspace.json("drift", QUICKSTART)
    orphan = next(entry for entry in report["entries"] if entry["status"] == "ORPHANED")
    assert orphan["address"] == "dam-42"
    assert orphan["folded"] == len(TAKEN)
    assert {each["address"] for each in orphan["below"]} == TAKEN
    assert {each["kind"] for each in orphan["below"]} == {"device", "sensor"}
