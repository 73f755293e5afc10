"""THREAD 5D6E7F reports app version 7.17.0; its node declares `app_version: 07.17.0`, the same
numbers written otherwise. The version was compared as text, so every apply planned an update to
the version already installed and sent `POST /update`, which may restart the gateway's application.
It is compared as the downgrade check compares versions: in sync, nothing sent."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.downgrades import declare_south_version, on_device, south


def test_an_app_version_equal_in_numbers_to_the_gateways_sends_no_update(workspace: Workspace) -> None:
    declare_south_version(workspace, "07.17.0")
    before = south(workspace)
    assert before["app_version"] == "7.17.0"

    result = on_device(workspace, "apply", "--auto-approve")

    assert result.exit_code == 0, result.output
    assert "Plan: 0 to add, 0 to change, 0 to destroy." in result.output, result.output
    assert south(workspace) == before
