"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`),
renaming pz-1 of the THREAD example is answered, and the verifying plan plans the same update again:
the stderr warning said "The platform still differs from the manifest after apply: Plan: 0 to add, 1
to change", as if the rename had not taken. It now says what the verifying plan updates again is only
what this apply updated, which the lists may not show yet."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_thread_rename_the_lists_do_not_show_yet_is_not_warned_as_a_difference(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    workspace.edit(SITE, "Piezometer PZ-1 (crown)", "Piezometer PZ-1 (crown) renamed")

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert (
        "The verifying plan updates again only what this apply updated, which the REST lists may not show "
        "yet (or another writer changed it back): tunnel-thread/vw-logger/pz-1 "
        "(Plan: 0 to add, 1 to change, 0 to destroy.)"
    ) in applied.stderr, applied.stderr
    assert "The platform still differs from the manifest after apply:" not in applied.stderr
