"""A device `import` cannot adopt (no SERIAL_NO) takes its sensors with it: they are counted among
what the file leaves out, its comment says they go too (which carry refIds, what history they
hold), and plans name the missing SERIAL_NO in words, not as Python's `None`."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def test_a_device_left_out_counts_and_names_its_sensors(workspace: Workspace) -> None:
    sensor = {"changeState": "new", "refId": "NR1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {
        "changeState": "new",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "L"},
        "sensors": [sensor],
    }
    workspace.integrate(
        {"integration": {"changeState": "new", "props": {"NAME": "Feed"}, "devices": [device]}}
    )
    workspace.api(
        "POST", "/_sim/observations", json={"sensor_id": workspace.live_entity("NR1")["id"], "count": 4}
    )
    result = workspace.run("import", "--project", PROJECT, "--stack", "brown", "--out", "imported.yaml")
    assert result.exit_code == 0, result.output
    assert "this file cannot adopt 2 entities" in " ".join(result.stderr.split())
    text = (workspace.path / "imported.yaml").read_text()
    assert "it stays unmanaged, and so does its 1 sensor (1 carrying a refId; 4 observations)\n" in text
    planned = workspace.run("plan", "imported.yaml")
    assert planned.exit_code == 0, planned.output
    assert "(no SERIAL_NO)" in planned.stdout and "SERIAL_NO None" not in planned.stdout
