"""A drift that could not read a gateway it was asked to check never says "No drift" nor exits 0:
its headline says what was not read, each unread setting is named in every format, and it exits 1
(2 where drift was found elsewhere), unless `--allow-unread-gateways` says the fleet's gateways
sleep by design."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
PORTAL = ["port3.mode", "port3.power", "port3.connected", "cloud_connection"]  # its `edge:` block
INCOMPLETE = "Incomplete: no drift in what was read; 1 gateway not read (4 settings unchecked)"


def _portal_unreachable(workspace: Workspace) -> None:
    assert workspace.run("apply", EDGE, "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/gateways/8A9B0C", json={"status": "unreachable"})


def test_an_unread_gateway_makes_drift_incomplete_in_every_format(
    workspace: Workspace, tmp_path: Path
) -> None:
    _portal_unreachable(workspace)
    files = {view: tmp_path / f"drift.{view}" for view in ("json", "xml", "md", "html", "txt")}
    result = workspace.run("drift", EDGE, *(f"--out={path}" for path in files.values()))
    assert result.exit_code == 1, result.output
    assert INCOMPLETE in result.stderr and "No drift" not in result.stderr
    assert "--allow-unread-gateways" in result.stderr  # the next step
    report = json.loads(files["json"].read_text())
    assert report["drifted"] is False
    assert report["unread"] == {"gateways": 1, "settings": 4}
    [gateway] = [entry for entry in report["entries"] if entry["address"] == "thread-portal/edge"]
    assert gateway["unread"] == [f"thread-portal/edge/{name}" for name in PORTAL]
    junit = files["xml"].read_text()
    assert 'name="thread-portal/edge/port3.power"' in junit
    assert junit.count("<skipped") == 1 + len(PORTAL) + junit.count("NOT_CHECKED (")
    for view in ("md", "html", "txt"):
        text = files[view].read_text()
        assert INCOMPLETE in text, view
        assert "port3.power" in text and "cloud_connection" in text, view


def test_drift_found_elsewhere_still_exits_2_and_lists_what_was_not_read(workspace: Workspace) -> None:
    _portal_unreachable(workspace)
    workspace.edit(EDGE, "baud_rate: 19200", "baud_rate: 38400")  # the gateway now differs from git
    result = workspace.run("drift", EDGE)
    assert result.exit_code == 2, result.output
    assert "Drift detected; 1 gateway not read (4 settings unchecked):" in result.stdout


def test_allow_unread_gateways_exits_0_and_still_says_what_was_not_read(workspace: Workspace) -> None:
    _portal_unreachable(workspace)
    result = workspace.run("drift", EDGE, "--allow-unread-gateways")
    assert result.exit_code == 0, result.output
    assert INCOMPLETE in result.stdout
