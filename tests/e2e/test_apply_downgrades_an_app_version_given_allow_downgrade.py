"""An `app_version` older than the gateway reports, applied with --allow-downgrade: the gateway is
asked for that version, as for any update, and the apply converges."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south


def test_apply_downgrades_an_app_version_given_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.16.0")
    before = south(workspace)

    result = on_device(workspace, "apply", "--auto-approve", "--allow-downgrade")

    assert result.exit_code == 0, result.output
    assert "thread-south/edge: applied (1 change)" in result.stdout
    after = south(workspace)
    assert (after["app_version"], after["writes"]) == ("7.16.0", before["writes"] + 1)
