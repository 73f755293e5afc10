"""A scratch connection whose create got no readable answer, and which the platform made without
keeping its refId (A4), is found by its devices' refIds and removed: before, the check said "No
scratch connection was created" and left it behind, a full copy each run (fz56 #1)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_check_platform import check, scratch_left


@pytest.mark.parametrize(
    "variant",
    ["connection-refid-ignored,write-then-503", "connection-refid-ignored,write-then-empty-200"],
)
def test_a_create_made_without_its_refid_is_found_by_its_devices_and_removed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variant)
    for _ in range(2):  # the run after it finds nothing of the first
        code, report = check(workspace)
        assert code == 1 and "was made with its devices' refIds (not its own)" in report["stopped"], report
        assert report["scratch"]["removed"] is True and report["scratch"]["node_id"], report["scratch"]
        assert "No scratch connection was created" not in report["scratch"]["message"]
        assert scratch_left(workspace) == []
