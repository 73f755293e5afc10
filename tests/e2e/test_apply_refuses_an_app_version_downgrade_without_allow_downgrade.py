"""A THREAD's timer runs `apply --on-device --auto-approve` against a manifest pinning app version
7.16.0, and the vendor has updated the box to 7.17.0: apply sent it back to 7.16.0, unread, and would
after every update. A downgrade now needs --allow-downgrade, as a cut-off setting needs
--allow-disconnect: refused without it (exit 1), nothing sent to the gateway, the refusal naming the
gateway's setting, both versions and the flag."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south


def test_apply_refuses_an_app_version_downgrade_without_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.16.0")
    before = south(workspace)

    result = on_device(workspace, "apply", "--auto-approve")

    assert result.exit_code == 1, result.output
    said = " ".join(result.stderr.split())
    assert (
        "thread-south/edge/app_version: the gateway reports app version 7.17.0, newer than the manifest's "
        "7.16.0" in said
    ), result.output
    assert "Re-run with --allow-downgrade if that is intended." in said, result.output
    after = south(workspace)
    assert (after["app_version"], after["writes"]) == ("7.17.0", before["writes"])
