"""A plan saved while the catalog still listed TEMPERATURE_SDE, replacing the device of a sensor
holding it, applied once the vendor marked it legacy: the apply's fresh plan is refused as `plan`'s
is, and nothing is removed."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_variants import listed


def test_a_saved_replacement_recreating_a_legacy_named_sensor_is_refused_at_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    saved = workspace.run("plan", QUICKSTART, "--out", "plan.json")
    assert saved.exit_code == 0, saved.output
    before = listed(workspace, "sensors")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "catalog-legacy-hidden")
    applied = workspace.run("apply", "plan.json", "--auto-approve", "--allow-destroy")
    assert applied.exit_code == 1, applied.output
    assert "the replacement of dam-a/weather would create it again naming it" in applied.stderr
    assert listed(workspace, "sensors") == before
