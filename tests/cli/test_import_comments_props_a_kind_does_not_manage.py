"""A device or sensor manages fewer fields than a connection (no external_id, no url): the EXTERNAL_ID
the web app gave a sensor is listed as `# not managed by iotplan`, as README promises of every prop
iotplan leaves be, not dropped from the imported file without a word because a connection manages one."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def test_a_sensors_and_a_devices_external_id_are_listed_as_not_managed(workspace: Workspace) -> None:
    sensor = {
        "changeState": "new",
        "refId": "S8",
        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "Odd", "EXTERNAL_ID": "12345"},
    }
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger", "EXTERNAL_ID": "LOG-7"}
    device = {"changeState": "new", "refId": "WA-LOG-01", "props": props, "sensors": [sensor]}
    workspace.integrate(
        {"integration": {"changeState": "new", "props": {"NAME": "Feed"}, "devices": [device]}}
    )
    result = workspace.run("import", "--project", PROJECT, "--stack", "brown", "--out", "imported.yaml")
    assert result.exit_code == 0, result.output
    text = (workspace.path / "imported.yaml").read_text()
    assert '            # not managed by iotplan: EXTERNAL_ID = "LOG-7"\n' in text
    assert '                # not managed by iotplan: EXTERNAL_ID = "12345"\n' in text
