"""An `app_version` newer than the gateway reports (7.18.0 on a box running 7.17.0) is an update, not a
downgrade: applied without --allow-downgrade, from a remote push as on-device."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south


def test_an_app_version_upgrade_needs_no_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.18.0")

    result = on_device(workspace, "apply", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "--allow-downgrade" not in result.output
    assert south(workspace)["app_version"] == "7.18.0"
