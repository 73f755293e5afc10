"""Two sensors of another tool carrying one refId under two loggers, one adopted by `ref_id: T1`: the
plan told the other's creation to "adopt it with `ref_id: T1`", which the manifest refuses (two
entities would be one), so following it led back to where it began. The step that works is a new
SERIAL_NO in the web app, adopted then by `ref_id:`."""

from __future__ import annotations

import re

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_import_sensors_sharing_a_ref_id_are_told_the_web_app_step import (
    feed_of_two_loggers_each_with_a_t1,
)


def test_a_serial_the_manifest_gives_another_is_not_offered_as_a_ref_id_but_a_new_serial_is(
    workspace: Workspace,
) -> None:
    feed_of_two_loggers_each_with_a_t1(workspace)
    workspace.run("import", "--project", PROJECT, "--stack", "site", "--out", "site.yaml")
    path = workspace.path / "site.yaml"
    text = path.read_text()
    second = text.index("key: logger-2")
    pin = text.index("ref_id: T1", second)
    start = text.rfind("\n", 0, pin) + 1
    path.write_text(text[:start] + text[text.index("\n", pin) + 1 :])  # the line validate pointed at
    assert workspace.run("validate", "site.yaml").exit_code == 0

    plan = workspace.run("plan", "site.yaml")
    assert plan.exit_code == 1, plan.output
    assert "`ref_id: T1`" not in plan.stderr, plan.stderr
    told = re.search(r"give (\S+) another SERIAL_NO in the platform's web app", plan.stderr)
    assert told is not None, plan.stderr
    assert "the refId this manifest gives legacy-feed/logger-1/" in plan.stderr, plan.stderr

    # Following it: the sensor keeps its id (and history) under the new SERIAL_NO, then adopted by it.
    sensor_id = told.group(1)
    node = workspace.live_entity("legacy-feed")["id"]
    renamed = {"changeState": "update", "refId": "T1", "props": {"SERIAL_NO": "T1-b"}}
    device = {"changeState": "update", "refId": "Logger 2", "sensors": [renamed]}
    workspace.integrate(
        {"integration": {"nodeId": node, "changeState": "update", "props": {}, "devices": [device]}}
    )
    assert workspace.live_entity("T1-b")["id"] == sensor_id
    text = path.read_text()
    sensors = text.index("sensors:", text.index("key: logger-2"))
    key = text.index("- key:", sensors)
    indent = key - text.rfind("\n", 0, key) - 1 + 2
    end = text.index("\n", key) + 1
    path.write_text(text[:end] + " " * indent + "ref_id: T1-b\n" + text[end:])
    again = workspace.run("plan", "site.yaml", "--detailed-exitcode")
    assert again.exit_code == 0, again.output
