"""A connection key renamed without `moved`, as a reviewer-fuzzer (fz57) left one: the plan, read from
the embedded platform, destroys its history and creates it again, and the removal's line says how
`moved` keeps it; the apply still writes what the plan says, guarded as any removal of history."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

ADVICE = "# looks like a rename to dam-x: to keep its history, add `moved: [{from: dam-a, to: dam-x}]`"


@pytest.fixture
def renamed(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = next(
        s for s in workspace.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Piezometer PZ-1"
    )
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 40})
    workspace.edit(QUICKSTART, "      - key: dam-a\n", "      - key: dam-x\n")
    return workspace


def test_the_removal_of_the_old_key_says_how_to_keep_its_history(renamed: Workspace) -> None:
    shown = renamed.run("plan", QUICKSTART)
    assert shown.exit_code == 0, shown.output
    removal = shown.output.split("  - node dam-a", 1)[1]
    assert "! destroys 40 observations" in removal and ADVICE in removal
    [removed] = [c for c in renamed.json("plan", QUICKSTART)["changes"] if c["action"] == "remove"]
    assert (removed["address"], removed["looks_renamed_to"]) == ("dam-a", "dam-x")


def test_the_hint_refuses_nothing_and_the_removal_is_guarded_as_before(renamed: Workspace) -> None:
    refused = renamed.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code != 0 and "--allow-destroy" in refused.output
    applied = renamed.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 0, applied.output
    assert "No changes" in renamed.run("plan", QUICKSTART).output
