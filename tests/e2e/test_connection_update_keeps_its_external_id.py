"""Where an update replaces props (`update-replaces`, A2), a connection renamed lost its
EXTERNAL_ID, the platform's copy of its refId (A4), and apply told the user to set it again in the
web app (fz74 #7). An update now sends it as it stands, as it sends the refId; one another tool set
is left to the platform (`test_props_lost_where_updates_replace_are_said.py`)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_connection_renamed_where_updates_replace_props_keeps_its_external_id(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a")["props"]["EXTERNAL_ID"] == "quickstart:dam-a"
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Renamed feed")
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    renamed = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert renamed.exit_code == 0, renamed.output
    assert "dropped" not in caplog.text
    props = workspace.live_entity("quickstart:dam-a")["props"]
    assert props["NAME"] == "Renamed feed" and props["EXTERNAL_ID"] == "quickstart:dam-a"
