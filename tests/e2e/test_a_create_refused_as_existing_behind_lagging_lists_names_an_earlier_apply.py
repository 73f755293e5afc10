"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`; A16
assumes they show it at once), the apply after the one that made tilt4 plans it again (the lists do not
show it), and its createSensor is refused as already existing (-32009). Read back by its id, tilt4 is
there as iotplan would have made it: the error names an earlier apply whose write the lists do not show
yet beside another writer, cites A16, and advises planning again after a while, not "run it again
(nothing applied is lost)" alone, which would loop while the lists lag."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_create_refused_as_existing_behind_lagging_lists_names_an_earlier_apply(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 1

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert "-32009" in said
    assert (
        "It already exists: made by another writer (a concurrent apply?) or by an earlier apply whose "
        "JSON-RPC write the REST lists the plan reads do not show yet (A16 in docs/api-assumptions.md)"
    ) in said
    assert "Read back by its id, it is there as this create would make it" in said
    assert "plan again later" in said
    assert "then run it again (nothing applied is lost)" not in said
