"""A sensor renamed with a `moved` entry while another tool made a sensor carrying its new refId in
another case (`quickstart:DAM-A/LOGGER-1/PZ-9`, fz98): a copy to a platform that may match refIds
without case. The plan took it for no holder of the new refId; now the rename is refused as one
onto a live entity, the stray found in any case, and nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import refused_rename

STRAY = {
    "changeState": "update",
    "refId": "quickstart:dam-a/logger-1",
    "sensors": [
        {
            "changeState": "new",
            "refId": "quickstart:DAM-A/LOGGER-1/PZ-9",
            "props": {"NAME": "stray", "INTEGRATION_ID": "TEMPERATURE_SDE"},
        }
    ],
}


def test_a_sensor_renamed_onto_a_stray_in_another_case_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate_under("quickstart:dam-a", [STRAY])
    stray = workspace.live_entity("quickstart:DAM-A/LOGGER-1/PZ-9")["id"]
    _, said = refused_rename(workspace, "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-9")

    assert "dam-a/logger-1/pz-9: moved: both dam-a/logger-1/pz-1 and dam-a/logger-1/pz-9 exist" in said
    assert stray in said
    with pytest.raises(KeyError):  # no second sensor beside the stray
        workspace.live_entity("quickstart:dam-a/logger-1/pz-9")
