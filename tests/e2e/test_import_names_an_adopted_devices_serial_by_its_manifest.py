"""import refuses to leave out a device holding the stack's sensors, and tells where its SERIAL_NO is
found: for a device the stack adopted with `ref_id:`, its sensors' refIds name the device's key path,
never its SERIAL_NO, which only the manifest holds."""

from __future__ import annotations

import re

import yaml

from tests.e2e.conftest import PROJECT, Workspace


def adopted_logger_holding_a_stack_sensor(workspace: Workspace) -> None:
    """Another tool's feed and logger, imported as stack `site` (the logger by `ref_id: Logger 1`),
    and a sensor of the stack's own created under that logger."""
    sensor = {"changeState": "new", "refId": "T1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    logger = {
        "changeState": "new",
        "refId": "Logger 1",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger 1"},
        "sensors": [sensor],
    }
    feed = {
        "changeState": "new",
        "refId": "legacy-feed",
        "props": {"NAME": "Legacy feed"},
        "devices": [logger],
    }
    workspace.integrate({"integration": feed})
    imported = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert imported.exit_code == 0, imported.output
    manifest = yaml.safe_load((workspace.path / "site.yaml").read_text())
    [feed_entry] = [node for node in manifest["projects"][0]["nodes"] if node["key"] == "legacy-feed"]
    [device] = feed_entry["devices"]
    assert device["ref_id"] == "Logger 1", device
    device["sensors"].append({"key": "temp-3", "template": "TEMPERATURE_SDE", "name": "Temp 3"})
    (workspace.path / "site.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output


def set_serial(workspace: Workspace, ref_id: str, serial: str) -> None:
    """A device's serial number (its refId) changed as the web app's form changes it."""
    node = workspace.live_entity("legacy-feed")["id"]
    device = {"changeState": "update", "refId": ref_id, "props": {"SERIAL_NO": serial}}
    workspace.integrate(
        {"integration": {"nodeId": node, "changeState": "update", "props": {}, "devices": [device]}}
    )


def test_a_logger_adopted_by_ref_id_is_given_back_the_serial_its_manifest_names_and_nothing_is_removed(
    workspace: Workspace,
) -> None:
    """import told the SERIAL_NO "site:legacy-feed/logger-1", which the logger never had: set, the
    logger became another identity, the manifest planned its removal, and the feed writing by its
    refId 'Logger 1' failed."""
    adopted_logger_holding_a_stack_sensor(workspace)
    overwritten = "https://maps.example/site?postcode=6011"
    set_serial(workspace, "Logger 1", overwritten)
    refused = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "again.yaml")
    assert refused.exit_code == 1, refused.output
    told = [line for line in refused.stderr.splitlines() if line.startswith("  device ")]
    assert len(told) == 1, refused.stderr
    # The step, followed as told: the `ref_id:` the manifest writes at the address named.
    step = re.search(
        r"the stack's manifest declares at (\S+) .*its SERIAL_NO was the `ref_id:` written there", told[0]
    )
    assert step is not None, told[0]
    node_key, device_key = step.group(1).split("/")
    manifest = yaml.safe_load((workspace.path / "site.yaml").read_text())
    [node] = [node for node in manifest["projects"][0]["nodes"] if node["key"] == node_key]
    [device] = [device for device in node["devices"] if device["key"] == device_key]
    set_serial(workspace, overwritten, device["ref_id"])

    plan = workspace.run("plan", "site.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0 and "0 to destroy" in plan.stdout, plan.output
