"""The plan of an app downgrade says apply needs --allow-downgrade, under the change's line, as it says
--allow-disconnect under a setting that may cut the gateway off: a reviewer learns it from the plan,
not from the refusal."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device


def test_plan_says_an_app_version_downgrade_needs_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.16.0")

    shown = on_device(workspace, "plan")

    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    [at] = [n for n, line in enumerate(lines) if "~ edge thread-south/edge/app_version: downgrade" in line]
    assert "sends the gateway back to an older application: needs --allow-downgrade" in lines[at + 2], (
        shown.stdout
    )
