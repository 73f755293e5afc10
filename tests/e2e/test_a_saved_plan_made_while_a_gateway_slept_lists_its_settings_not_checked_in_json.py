"""A saved plan made while a THREAD slept never read its settings: `apply --format json` lists them
under `not_checked`, as the text report's "not read, so not checked" line does, and `not_applied`
keeps only what a write left undone (none here: nothing was sent to the gateway)."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Workspace

THREAD = "examples/thread/site.yaml"
GATEWAY = "tunnel-thread/edge"


def _applied_asleep(workspace: Workspace, *args: str) -> Any:
    workspace.api("POST", "/_sim/gateways/6C7D8E", json={"status": "asleep"})
    assert workspace.run("plan", THREAD, "--out", "plan.json").exit_code == 0
    result = workspace.run("apply", "plan.json", *args)
    assert result.exit_code == 1, result.output
    return result


def _gateway(result: Any) -> dict[str, Any]:
    [gateway] = [each for each in json.loads(result.stdout)["outcomes"] if each["connection"] == GATEWAY]
    return dict(gateway)


def test_its_settings_are_not_checked_and_none_is_not_applied(workspace: Workspace) -> None:
    gateway = _gateway(_applied_asleep(workspace, "--format", "json"))
    assert (gateway["status"], gateway["calls"], gateway["not_applied"]) == ("pending", 0, [])
    assert len(gateway["not_checked"]) == 15  # every setting its `edge:` block declares
    assert all(each.startswith(f"{GATEWAY}/") for each in gateway["not_checked"])
    assert gateway["not_checked"][:2] == [f"{GATEWAY}/port1.mode", f"{GATEWAY}/port1.power"]


def test_the_text_report_counts_the_same_settings_not_checked(workspace: Workspace) -> None:
    text = _applied_asleep(workspace).stdout
    assert "    not read, so not checked: 15 settings (port1.mode, port1.power, " in text
    assert "not applied" not in text
