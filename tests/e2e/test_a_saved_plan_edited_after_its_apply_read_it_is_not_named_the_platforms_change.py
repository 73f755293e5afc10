"""A saved plan renames a crack meter and holds the piezometer beside it in sync; a unit of the
piezometer is then edited in the web app, and the plan file is edited once its apply has read it
(before the fresh read is compared). What the file holds now is not the plan reviewed, so what it
read of the piezometer tells nothing: the refusal stays "either the platform changed there since
the plan was made, or the plan file was edited or cut", not the platform's change named, and
nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands import apply
from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import PZ_1, plan_with_pz1_edited_since


def test_a_saved_plan_edited_after_its_apply_read_it_is_not_named_the_platforms_change(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = {"0": "kPa_gauge", "1": "count"}
    plan_with_pz1_edited_since(workspace, {"UNKNOWN_UNITS": units})
    compared = apply.check_not_stale

    def edited_once_read(*args: object, **kwargs: object) -> None:
        plan = Path("plan.json")
        plan.write_text(plan.read_text().replace("Crack meter CM-1b", "Crack meter CM-1c"))
        compared(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(apply, "check_not_stale", edited_once_read)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert refused.stderr.endswith(
        "Error: the plan holds no write for dam-a/logger-1/pz-1: either the platform changed there since the "
        "plan was made, or the plan file was edited or cut: run iotplan plan again\n"
    ), refused.stderr
    assert "held in sync" not in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["props"]["NAME"] == "Crack meter CM-1"
    assert workspace.live_entity(PZ_1)["props"]["UNKNOWN_UNITS"] == units
