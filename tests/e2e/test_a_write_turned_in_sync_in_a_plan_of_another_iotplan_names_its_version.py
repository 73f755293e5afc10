"""As test_a_write_turned_in_sync_in_a_saved_plan_is_not_named_the_platforms_change, the file also
saying another iotplan made it: the refusal naming the in-sync entity names that iotplan as a cause
too (it may plan otherwise), and nothing is written."""

from __future__ import annotations

from iotplan import __version__
from tests.e2e.conftest import Workspace
from tests.e2e.saved_write_turned_in_sync import (
    plan_with_tilt1_turned_in_sync,
    saved_plan_refused_with_its_digest,
)


def test_a_write_turned_in_sync_in_a_plan_of_another_iotplan_names_its_version(workspace: Workspace) -> None:
    plan_with_tilt1_turned_in_sync(workspace, iotplan_version="0.1.9")

    said, digest = saved_plan_refused_with_its_digest(workspace)

    assert said.endswith(
        "Error: 1 entity the plan held in sync reads otherwise now than the plan file says the platform held "
        "(dam-a/logger-1/tilt-1: its name): either the platform changed since the plan was made, in the web "
        "app or by another writer, the plan was made by iotplan 0.1.9 and this is iotplan "
        f"{__version__}, which may plan otherwise, or the plan file was edited (compare the digest above, "
        f"{digest}, with its review's): run iotplan plan again\n"
    ), said
    assert workspace.live_entity("quickstart:dam-a/logger-1/tilt-1")["props"]["NAME"] == "Tiltmeter TM-1"
