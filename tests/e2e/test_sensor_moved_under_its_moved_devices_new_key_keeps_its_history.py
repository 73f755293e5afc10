"""A device renamed (logger-1 to logger-2) and a sensor beneath it renamed (crack-1 to crack-2), the
sensor's `from` written under the device's new key, as a connection's sensors may be: validated,
then the plan was refused, asking for the `moved` entry already there. Now it is the same sensor:
its refId rewritten, its id and its observations kept, nothing removed or created."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

MOVED = (
    "moved:\n"
    "  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
    "  - {from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}\n"
)


def test_a_sensor_moved_under_its_moved_devices_new_key_keeps_its_history(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 300})
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, "- key: crack-1\n", "- key: crack-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", MOVED + "defaults:\n")

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
    # Its history came with it: the sensor, dropped from the manifest, would take its 300 observations.
    text = (workspace.path / QUICKSTART).read_text()
    start, end = (
        text.index("              - key: crack-2"),
        text.index("              # custom metric + catalog"),
    )
    moved_away = "  - {from: dam-a/logger-2/crack-1, to: dam-a/logger-2/crack-2}\n"
    (workspace.path / QUICKSTART).write_text((text[:start] + text[end:]).replace(moved_away, ""))
    assert "! destroys 300 observations" in workspace.run("plan", QUICKSTART).stdout
