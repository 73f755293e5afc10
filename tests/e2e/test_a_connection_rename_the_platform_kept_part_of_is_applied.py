"""Where a refused call keeps the entries before the one it refused (`integrate-partial`), a call
renaming a connection with `moved` that the platform refuses over a later entry still tells what
it kept as this run's: the connection's rename and the device before the refused entry applied
("the platform kept part of the call"), never found made by another writer; no A2 hint about props
cleared by null follows, as the entity that sent them was made and the refusal names another cause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.conftest import Workspace, one_sensor_site
from tests.e2e.test_another_runs_connection_rename_landing_first_is_found_made import CUSTOM
from tests.e2e.test_another_writer_between_calls import DX, SITE


def test_a_connection_rename_the_platform_kept_part_of_is_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = Path(workspace.path) / SITE
    manifest.write_text(one_sensor_site("fz", "dev one", CUSTOM) + DX)
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    moved = one_sensor_site("fz", "dev one", CUSTOM).replace("- key: c1", "- key: c2")
    manifest.write_text(moved + "moved:\n  - {from: c1, to: c2}\n")  # dx removed, its sensor with it
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "integrate-partial,no-cascade")  # a removal with sensors: 422
    applying = workspace.run("apply", SITE, "--auto-approve", "--allow-destroy", "--format", "json")
    assert applying.exit_code == 1, applying.output
    [outcome] = json.loads(applying.stdout)["outcomes"]
    assert (outcome["applied"], outcome["not_applied"]) == (["c2", "c2/d1", "c2/d1/s1"], ["c2/dx"]), outcome
    assert outcome["found_made"] == outcome["outcome_unknown"] == []
    assert "shows 3 of the call's 4 changes made (the platform kept part of the call)" in outcome["message"]
    # Refused over the removal of a device still holding sensors, and the sensor sent nulls read back
    # applied: no A2 hint, whose advice (remove the entity, losing its history) is for a cause not given.
    assert "by sending null" not in outcome["message"]
