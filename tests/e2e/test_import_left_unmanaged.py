"""An import that cannot adopt some devices (no SERIAL_NO, as the web app makes them) says, on stderr
and in the file's header, that drift reports them from its first run: the file's plan shows no
changes, yet the nightly drift check fails on them until they get a SERIAL_NO."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

SAID = (
    "this file cannot adopt 4 entities (devices and sensors with no SERIAL_NO, or one a manifest may not "
    "hold, and the sensors under such a device; each named in a comment in the file): they stay "
    "unmanaged, so `iotplan drift` reports them as "
    "UNMANAGED and exits 2 until each gets a SERIAL_NO in the platform's web app and is imported again"
)


def web_app_device(name: str) -> dict[str, object]:
    sensor = {"changeState": "new", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": f"Temp {name}"}}
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": f"Logger {name}"}
    return {"changeState": "new", "props": props, "sensors": [sensor]}


def test_an_import_leaving_devices_unmanaged_says_drift_reports_them(workspace: Workspace) -> None:
    devices = [web_app_device("A"), web_app_device("B")]
    site = {"changeState": "new", "props": {"NAME": "North Dam"}, "devices": devices}
    workspace.integrate({"integration": site})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "dam", "--out", "dam.yaml")
    assert imported.exit_code == 0, imported.output
    assert f"Warning: {SAID}" in imported.stderr
    assert f"\n# {SAID}.\n" in (workspace.path / "dam.yaml").read_text()
    assert workspace.run("plan", "dam.yaml", "--detailed-exitcode").exit_code == 0
    drift = workspace.run("drift", "dam.yaml")
    assert drift.exit_code == 2 and " 2 unmanaged," in drift.stdout, drift.output
