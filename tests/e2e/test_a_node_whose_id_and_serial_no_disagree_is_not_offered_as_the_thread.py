"""A node of the project holding a THREAD's SERIAL_NO under an id `/fn/ABCDEF/node` whose serial is
another (or the serial in lower case), where the manifest pins the THREAD's id, gone (cr160 F3). The
plan said "write `id: /fn/ABCDEF/node`": followed, the gateway reports another serial and the plan
refuses in a loop, or, without `edge`, 9 creations are planned under the wrong serial; a lower-case id
is refused by validation. Now the plan says the node's id and SERIAL_NO disagree and gives the web
app's step, never that id to write."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_a_thread_recreated_in_the_web_app_under_a_new_id_is_named_by_the_plan import (
    recreated_in_the_web_app,
)
from tests.e2e.test_thread import SITE


@pytest.mark.parametrize("holder", ["/fn/ABCDEF/node", "/fn/abcdef/node"])
def test_a_node_whose_id_and_serial_no_disagree_is_not_offered_as_the_thread(
    workspace: Workspace, holder: str
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    recreated_in_the_web_app(workspace, new_id=holder)

    plan = workspace.run("plan", SITE)
    assert plan.exit_code == 1, plan.output
    assert f"node {holder} ('Tunnel Section 3 THREAD') of this project holds its SERIAL_NO" in plan.output
    assert "write `id:" not in plan.output
    assert f"its id carries serial {holder.split('/')[2]}, not its SERIAL_NO: the two disagree" in plan.output
    assert "remove that node in the web app" in plan.output
