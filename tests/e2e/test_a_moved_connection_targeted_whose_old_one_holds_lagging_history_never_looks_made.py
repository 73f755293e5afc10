"""A connection renamed with a `moved` entry, the new one holding all it declares, while the old
one still holds an unmanaged device whose sensor has just reported (cr134 F2). REST counts that
sensor 0, with no LAST_OBSERVATION to tell it lags (variants `rest-without-last-observation`,
`observation-count-lags`). With `--target` naming the moved connection, the old one's removal is
not in the plan, so its 0s were never held against JSON-RPC: the refusal said "the move looks made
already: delete the entry (the plan then removes dam-a and its history)", of a dam-a holding 3,000
observations. Now the 0s under both are asked of JSON-RPC before the refusal is worded, and an old
one whose count is unknown is never taken as made."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe

LAGGING = "rest-without-last-observation,observation-count-lags"
SENSOR = {"changeState": "new", "refId": "legacy:extra/t", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
DEVICE = {
    "changeState": "new",
    "refId": "legacy:extra",
    "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
    "sensors": [SENSOR],
}
OLD = {
    "integration": {
        "changeState": "new",
        "refId": "quickstart:dam-a",
        "props": {"NAME": "old"},
        "devices": [DEVICE],
    }
}


def test_a_moved_connection_targeted_whose_old_one_holds_lagging_history_never_looks_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate(OLD)
    observe(workspace, "legacy:extra/t", 3000)
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-b}\ndefaults:\n")

    shown = workspace.run("plan", QUICKSTART, "--target", "dam-b")

    assert shown.exit_code == 1, shown.output
    said = " ".join(shown.output.split())
    assert "dam-b: moved: both dam-a and dam-b exist on the platform" in said, said
    assert "an unknown number of observations" in said
    assert "looks made" not in said and "delete the entry" not in said
