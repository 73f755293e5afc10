"""A connection renamed with a `moved` entry onto a colleague's connection carrying its new refId,
which holds an unmanaged device whose sensor has just reported (cr134 F1). The reference's REST
answers carry no LAST_OBSERVATION on sensors, and the count follows an upload late (variants
`rest-without-last-observation`, `observation-count-lags`): REST counts the sensor 0, and nothing
under a plan's removals, where such 0s are held against JSON-RPC, asked about it. The refusal said
the stray holds "0 observations" and told the user to "Remove it" first: the colleague's history
deleted in the web app. Now the 0s under both connections are held against JSON-RPC before the
refusal is worded, and one JSON-RPC cannot count is said unknown, its keeping steps first."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe

LAGGING = "rest-without-last-observation,observation-count-lags"
SENSOR = {"changeState": "new", "refId": "colleague:other/x", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
DEVICE = {
    "changeState": "new",
    "refId": "colleague:other",
    "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
    "sensors": [SENSOR],
}
STRAY = {
    "integration": {
        "changeState": "new",
        "refId": "quickstart:dam-b",
        "props": {"NAME": "colleague's site"},
        "devices": [DEVICE],
    }
}


def test_a_stray_holding_lagging_history_at_a_moved_entitys_new_refid_is_not_offered_for_removal_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", LAGGING)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate(STRAY)
    observe(workspace, "colleague:other/x", 4999)
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-b}\ndefaults:\n")

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code == 1, shown.output
    said = " ".join(shown.output.split())
    assert "dam-b: moved: both dam-a and dam-b exist on the platform" in said, said
    assert "at dam-b, holds none of them (1 device, 1 sensor and an unknown number of observations)" in said
    assert "Remove it, or give it" not in said
