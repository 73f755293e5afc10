"""Two sensors of another tool carrying one refId under two loggers: no manifest can declare both,
and no edit of the imported file makes one; import's file says the step that does."""

from __future__ import annotations

import re

from tests.e2e.conftest import PROJECT, Workspace


def feed_of_two_loggers_each_with_a_t1(workspace: Workspace) -> None:
    def logger(name: str) -> dict[str, object]:
        sensor = {"changeState": "new", "refId": "T1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
        props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": name}
        return {"changeState": "new", "refId": name, "props": props, "sensors": [sensor]}

    devices = [logger("Logger 1"), logger("Logger 2")]
    feed = {
        "changeState": "new",
        "refId": "legacy-feed",
        "props": {"NAME": "Legacy feed"},
        "devices": devices,
    }
    workspace.integrate({"integration": feed})


def test_a_ref_id_two_sensors_share_is_told_to_get_a_new_serial_in_the_web_app_which_then_imports(
    workspace: Workspace,
) -> None:
    """The file's header said to fix it "in the file"; each edit led back to the same refusal."""
    feed_of_two_loggers_each_with_a_t1(workspace)
    first = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    assert first.exit_code == 1 and "is also the refId of" in first.stderr, first.output
    line = int(re.search(r"site\.yaml:(\d+):\d+: ", first.stderr).group(1))  # type: ignore[union-attr]
    text = (workspace.path / "site.yaml").read_text().splitlines()
    # The comment above the entry the problem names: which sensor, and the step.
    above = [row.strip() for row in text[: line - 1] if row.strip().startswith("#")][-1]
    told = re.search(
        r'give sensor (\S+) \(under device "([^"]+)"\) a new SERIAL_NO in the platform\'s web app', above
    )
    assert told is not None, above
    sensor_id, device_ref_id = told.groups()
    assert "observations" in above and "import again" in above, above

    node = workspace.live_entity("legacy-feed")["id"]
    renamed = {"changeState": "update", "refId": "T1", "props": {"SERIAL_NO": "T1-b"}}
    device = {"changeState": "update", "refId": device_ref_id, "sensors": [renamed]}
    workspace.integrate(
        {"integration": {"nodeId": node, "changeState": "update", "props": {}, "devices": [device]}}
    )
    assert workspace.live_entity("T1-b")["id"] == sensor_id

    again = workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "again.yaml")
    assert again.exit_code == 0, again.output
    plan = workspace.run("plan", "again.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
