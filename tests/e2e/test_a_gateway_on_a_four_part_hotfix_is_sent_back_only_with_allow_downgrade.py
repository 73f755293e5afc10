"""THREAD 5D6E7F updated behind iotplan's back to a hotfix with `POST /update?version=7.17.0.1`, so it
reports `7.17.0.1`; its node pins `app_version: 7.17.0`. The comparison read three parts only, so the
hotfix was never newer: apply sent the gateway back without --allow-downgrade, exit 0. A fourth part
that is not 0 makes it newer: it is refused, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south, update_south_behind_our_back


def test_a_gateway_on_a_four_part_hotfix_is_sent_back_only_with_allow_downgrade(workspace: Workspace) -> None:
    declare_south_version(workspace, "7.17.0")
    update_south_behind_our_back(workspace, "7.17.0.1")
    before = south(workspace)
    assert before["app_version"] == "7.17.0.1"

    refused = on_device(workspace, "apply", "--auto-approve")

    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.stderr.split())
    assert "the gateway reports app version 7.17.0.1, newer than the manifest's 7.17.0" in said, said
    assert "Re-run with --allow-downgrade if that is intended." in said, said
    assert south(workspace) == before
