"""Import decides which stack a project's refIds name as the plan does (README "Between stacks")."""

from __future__ import annotations

import yaml

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


def test_another_tools_device_named_like_a_stack_does_not_make_the_project_two_stacks(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {
        "changeState": "new",
        "refId": "other:legacy",
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Legacy logger"},
    }
    node = {"changeState": "new", "refId": "SN-0042", "props": {"NAME": "Old feed"}, "devices": [device]}
    workspace.integrate({"integration": node})
    assert "No changes" in workspace.run("plan", QUICKSTART).output  # the plan calls it no stack's

    result = workspace.run("import", "--project", PROJECT, "--out", "imported.yaml")
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((workspace.path / "imported.yaml").read_text())["stack"] == "quickstart"
