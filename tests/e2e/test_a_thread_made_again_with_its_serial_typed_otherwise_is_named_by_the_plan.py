"""A THREAD made again in the web app under a new id, its SERIAL_NO typed with a blank after or
before it, or in full-width letters (cr160 F2). Platforms' collations may take those for the THREAD's
serial; the plan did not (it compared case alone), said "say `register: true`", and followed, apply
made a second node for one THREAD, exit 0. Now the plan names that node, its SERIAL_NO as read, and
registers nothing beside it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_thread_recreated_in_the_web_app_under_a_new_id_is_named_by_the_plan import (
    NEW_ID,
    recreated_in_the_web_app,
    registered,
)
from tests.e2e.test_thread import SITE


@pytest.mark.parametrize("typed", ["6C7D8E ", " 6C7D8E", "\uff16\uff23\uff17\uff24\uff18\uff25"])
def test_a_thread_made_again_with_its_serial_typed_otherwise_is_named_by_the_plan(
    workspace: Workspace, typed: str
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    recreated_in_the_web_app(workspace, serial=typed)

    plan = workspace.run("plan", SITE)
    assert plan.exit_code == 1, plan.output
    assert (
        f"node {NEW_ID} ('Tunnel Section 3 THREAD') of this project holds its SERIAL_NO, read as '{typed}'"
        in (plan.output)
    )

    registered(workspace)
    registering = workspace.run("apply", SITE, "--auto-approve")
    assert registering.exit_code == 1, registering.output
    assert f"node {NEW_ID}" in registering.output and "to add" not in registering.output
    nodes = workspace.run("plan", SITE, "--format", "json")
    assert "/fn/6C7D8E/node is not in project" in nodes.output  # nothing was registered beside it
