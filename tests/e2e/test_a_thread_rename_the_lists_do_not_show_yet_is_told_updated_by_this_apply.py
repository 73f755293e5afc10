"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`; A16
assumes they show it at once), renaming pz-1 of the THREAD example sends one updateSensor, answered, and
the verifying plan, whose lists still show the old name, plans the same update again. The apply still
exits 1 (nothing verified it), yet its error blamed a writer that does not exist: "pz-1: update" and
"another writer changed what this apply wrote meanwhile". It now says this apply updated it, that the
lists may not show it yet (A16) or another writer changed it back, and to plan again later."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE, VW_LOGGER, rpc

RENAMED = "Piezometer PZ-1 (crown) renamed"


def test_a_thread_rename_the_lists_do_not_show_yet_is_told_updated_by_this_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    workspace.edit(SITE, "Piezometer PZ-1 (crown)", RENAMED)

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    _, _, error = applied.stderr.partition("Error: ")
    assert error.startswith(
        "this apply updated what the verifying plan updates again: the REST lists may not show it yet, "
        "or another writer changed it back (Plan: 0 to add, 1 to change, 0 to destroy.):\n"
        "  tunnel-thread/vw-logger/pz-1: updated by this apply (its update answered), maybe not listed yet\n"
        "Plan again later (`iotplan plan`)"
    ), applied.stderr
    said = " ".join(error.split())
    assert "A16 in docs/api-assumptions.md" in said
    assert "another writer changed what this apply wrote meanwhile" not in said
    (pz1,) = rpc(workspace, "getSensors", {"sensors": [f"{VW_LOGGER}/pz-1/sensor"]})
    assert pz1["props"]["NAME"] == RENAMED
