"""Observation counts filled in on sensors read through the project's lists, from a page of 64 or
more whose shared values its key order holds once: the plan made again with the counts removes the
one sensor the manifest drops and replaces none. Setting a count scrambled such a sensor's props
(its template read a timestamp), so the plan replaced the sensors counted, and with --allow-destroy
their history went, exit 0 (cr93)."""

from __future__ import annotations

import pytest

from iotplan.live import read
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_ownership_and_fences import observe

SENSORS = 70  # one page of the sensor list, past the 64 whose shared values are held once


def manifest(sensors: list[str]) -> str:
    listed = "".join(
        f"              - {{key: {key}, name: Sensor {key}, template: TEMPERATURE_SDE}}\n" for key in sensors
    )
    return (
        f"apiVersion: iotplan/v1\nstack: many\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        "      - key: n0\n        kind: api\n        name: Node 0\n        devices:\n"
        "          - key: d1\n            name: Dev 0\n            template: DEMO_DEVICE_SDE\n"
        f"            sensors:\n{listed}"
    )


def test_counts_filled_in_on_a_page_of_many_sensors_replace_none(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")  # REST's 0 beside a last observation
    monkeypatch.setattr(read, "_lists_are_cheaper", lambda *_: True)
    keys = [f"s{n}" for n in range(SENSORS)]
    (workspace.path / "many.yaml").write_text(manifest([*keys, "quiet"]))
    assert workspace.run("apply", "many.yaml", "--auto-approve").exit_code == 0
    for key in keys:  # each with a last observation: one key order, its page's values held once
        observe(workspace, f"many:n0/d1/{key}", 3)  # REST's 0 doubted, counted again: the plan made again
    (workspace.path / "many.yaml").write_text(manifest(keys))

    changes = workspace.json("plan", "many.yaml")["changes"]

    assert [(c["address"], c["action"]) for c in changes if c["action"] != "no-op"] == [
        ("n0/d1/quiet", "remove")
    ]
