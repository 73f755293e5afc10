"""A connection renamed dam-a → dam-z by its `moved` entry, and a sensor beneath it pinned
`ref_id: quickstart:dam-z/logger-1/pz-1`, a refId no live sensor carries, which the entry does not
rewrite (a `ref_id:` is kept as written). The plan said "likely dam-a was renamed dam-z without `moved`
… add `moved: [{from: dam-a, to: dam-z}]`", the entry already there. Now it names the pin: write the
refId the sensor has now, or drop the `ref_id:`; nothing is written, and writing that refId keeps the
sensor with its history."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "              - key: pz-1\n"
PINNED = PZ_1 + "                ref_id: quickstart:dam-z/logger-1/pz-1\n"


def test_a_sensor_pinned_to_a_refid_a_moved_connection_does_not_rewrite_names_the_pin(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 100})
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-z\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-z}\ndefaults:\n")
    workspace.edit(QUICKSTART, PZ_1, PINNED)

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert shown.exit_code != 0, shown.output
    assert "without `moved`" not in shown.output
    assert "ref_id: 'quickstart:dam-z/logger-1/pz-1'" in shown.output
    assert "`ref_id: quickstart:dam-a/logger-1/pz-1`" in shown.output
    assert applied.exit_code != 0, applied.output
    kept = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")
    assert kept["id"] == sensor
    assert kept["props"]["OBSERVATION_COUNT"] == 100
    workspace.edit(
        QUICKSTART, "ref_id: quickstart:dam-z/logger-1/pz-1", "ref_id: quickstart:dam-a/logger-1/pz-1"
    )
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
