"""A plan saved on a THREAD (`iotplan plan --on-device --out`) whose port setting was edited in the
file was refused as "the gateway changed since the plan was made, by another writer or by an earlier
apply": the apply on the THREAD held the file to the gateway alone, where the apply on a platform
first holds each setting it writes to the manifest (apply/stale.py `check_settings_as_declared`).
The manifest is the one the plan was made from, so no gateway read can make the file's value right:
refused up front as the file's edit, the gateway answering or asleep, as the apply on a platform
refuses it."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_on_device import on_device, settings, thread, writes

__all__ = ["thread"]  # the fixture: this THREAD answering at localhost

SETTING = "thread-south/edge/port1.baud_rate"  # 9600 on the THREAD, 19200 in the manifest
AGAIN = ": was the plan file edited or cut? Run `iotplan plan examples/edge/site.yaml --on-device` again"


def _after(line: dict[str, Any]) -> None:
    line["after"]["value"] = 38400
    line["fields"][0]["after"] = 38400


def _before_as_written(line: dict[str, Any]) -> None:
    line["before"]["value"] = 19200
    line["fields"][0]["before"] = 19200


def _fields_before(line: dict[str, Any]) -> None:
    line["fields"][0]["before"] = 4800


EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "after": (_after, f"38400 to {SETTING}, where the manifest declares 19200"),
    "before-as-written": (_before_as_written, f"19200 to {SETTING}, where it shows the gateway holds 19200"),
    "line-unlike-its-before": (
        _fields_before,
        f"19200 to {SETTING}, where its line shows the gateway holds 4800 but its before 9600",
    ),
}


@pytest.mark.parametrize("status", ["ok", "asleep"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_a_saved_plan_whose_gateway_setting_was_edited_is_told_edited_on_device(
    thread: Workspace, edit: str, status: str
) -> None:
    assert on_device(thread, "plan", "--out", "south.json").exit_code == 0
    path = thread.path / "south.json"
    plan = json.loads(path.read_text())
    edited, said = EDITS[edit]
    edited(next(change for change in plan["changes"] if change["address"] == SETTING))
    path.write_text(json.dumps(plan))
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"status": status})
    before = writes(thread)

    applied = on_device(thread, "apply", manifest="south.json")

    assert applied.exit_code == 1, applied.output
    assert f"Error: the plan writes {said}{AGAIN}" in applied.stderr, applied.stderr
    assert "the gateway changed" not in applied.stderr and "when it wakes" not in applied.stderr
    assert writes(thread) == before
    thread.api("POST", "/_sim/gateways/5D6E7F", json={"status": "ok"})
    assert settings(thread, "5D6E7F")["ports"]["1"]["config"]["BAUD_RATE"] == 9600  # nothing written
