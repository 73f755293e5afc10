"""A scratch connection an earlier run left is named by the next run, with its id and how to remove
it, and left alone (it may be a check running now); before, no run said anything of it (fz56 #3)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_check_platform import check, with_variant


@pytest.mark.parametrize("variant", [with_variant("connection-remove-ignored")])
def test_a_scratch_left_by_an_earlier_run_is_named_and_left_alone(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variant: str
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", variant)
    _, first = check(workspace)
    left = first["scratch"]
    assert not left["removed"] and left["node_id"], left
    monkeypatch.delenv("IOTPLAN_SIM_VARIANTS")
    code, second = check(workspace)
    assert second["earlier_scratch"] == [
        {"node_id": left["node_id"], "ref_id": left["ref_id"], "name": left["name"]}
    ]
    assert code == 0 and second["scratch"]["removed"], second["scratch"]
    text = workspace.run("check-platform", "--project", second["project"]).stdout
    assert f"{left['node_id']} (refId {left['ref_id']}" in text and "does not remove them" in text
    assert f'"nodeId": "{left["node_id"]}", "changeState": "remove"' in text
