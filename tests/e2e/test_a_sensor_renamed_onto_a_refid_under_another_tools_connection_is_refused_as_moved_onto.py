"""A sensor renamed pz-1 → pz-9 with a `moved` entry while a sensor under another tool's connection
carries `quickstart:dam-a/logger-1/pz-9` (fz98). Its holder, under another device and connection, was
not looked for: the plan refused the rename as a write by the old refId "another live entity carries
too ... remove the duplicate", pointing at pz-1's 3,000 observations. Now it is refused as a rename
onto a live entity, naming the holder and what each holds; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import pz_1_renamed_onto_the_sensor_carrying
from tests.e2e.conftest import Workspace


def test_a_sensor_renamed_onto_a_refid_under_another_tools_connection_is_refused_as_moved_onto(
    workspace: Workspace,
) -> None:
    stray = pz_1_renamed_onto_the_sensor_carrying(workspace, "quickstart:dam-a/logger-1/pz-9")
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-9")["id"] == stray  # nor a second beside it
