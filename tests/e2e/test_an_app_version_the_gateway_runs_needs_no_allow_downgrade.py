"""An `app_version` equal to the one the gateway reports is in sync: nothing to apply, no flag asked,
exit 0, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south


def test_an_app_version_the_gateway_runs_needs_no_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.17.0")
    before = south(workspace)

    result = on_device(workspace, "apply", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "--allow-downgrade" not in result.output
    assert south(workspace)["writes"] == before["writes"]
