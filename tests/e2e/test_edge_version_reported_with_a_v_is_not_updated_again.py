"""A THREAD whose `GET /version` answers `v7.18.0` (`edge-version-v-prefixed`: the reference shows
no answer of it) runs the version a manifest's `app_version: 7.18.0` names: the plan compared the
two as text, so every plan showed `~ app_version: "v7.18.0" → "7.18.0"` and every apply sent
`POST /update`, which may restart the gateway's application (fz82). Now one update, then none."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_edge import EDGE

TARGET = ("--target", "thread-north/edge/app_version")


def test_a_gateway_reporting_its_version_with_a_v_is_updated_once_then_in_sync(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "edge-version-v-prefixed")
    for _ in range(2):
        applied = workspace.run("apply", EDGE, "--auto-approve", *TARGET)
        assert applied.exit_code == 0, applied.output
    [north] = [g for g in workspace.api("GET", "/_sim/gateways")["gateways"] if g["serial"] == "4A1B2C"]
    assert north["app_version"] == "7.18.0" and north["writes"] == 1  # the first apply's update alone
    again = workspace.run("plan", EDGE, "--detailed-exitcode", *TARGET)
    assert again.exit_code == 0, again.output
