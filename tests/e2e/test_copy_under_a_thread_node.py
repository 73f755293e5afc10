"""A device carrying a declared device's refId under a THREAD node (integrate put it there, or the
web app) is a copy of the declared one, as under any other connection (README, Copies): one run
reports it so, never removes it, and writes nothing by that refId while it stands, as a shard
reading it from the project's lists does."""

from __future__ import annotations

import re

from tests.e2e.conftest import PROJECT, Workspace

STACK = "fleet"
THREAD = "/fn/6C7D8E/node"
THREAD_NODE = f"      - key: thread-2\n        kind: thread\n        id: {THREAD}\n"
# The copy named by its ids (integrate made it: an /api/ id), under the THREAD node.
REFUSED = (
    f"c2/d0: would update by its refId 'fleet:c2/d0', which device /api/6C7D8E/node/dynamic/[0-9A-F]+/device "
    f"\\('fleet:c2/d0'\\) under connection {THREAD} also carries"
)


def site(device_name: str, thread: str = THREAD_NODE) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: {STACK}
projects:
  - id: {PROJECT}
    nodes:
      - key: c2
        name: Conn 2
        devices:
          - key: d0
            name: "{device_name}"
{thread}"""


def copied_under_the_thread(workspace: Workspace) -> None:
    """c2/d0 applied, then a device with its refId made by integrate under the THREAD node."""
    (workspace.path / "site.yaml").write_text(site("Logger 2.0"))
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    copy = {"changeState": "new", "refId": f"{STACK}:c2/d0", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    workspace.integrate({"integration": {"nodeId": THREAD, "devices": [copy]}})


def test_a_copy_under_a_declared_thread_node_is_a_copy_and_fences_the_declared_refid(
    workspace: Workspace,
) -> None:
    copied_under_the_thread(workspace)
    plan = workspace.run("plan", "site.yaml")
    assert plan.exit_code == 0, plan.output
    assert "a copy of c2/d0 (refId 'fleet:c2/d0')" in plan.stdout
    (workspace.path / "renamed.yaml").write_text(site("Logger 2.0 renamed"))
    renamed = workspace.run("plan", "renamed.yaml")
    assert renamed.exit_code == 1
    assert re.search(REFUSED, renamed.output), renamed.output


def test_a_copy_under_an_undeclared_thread_node_fences_the_declared_refid(workspace: Workspace) -> None:
    """The THREAD the manifest leaves out is not read: the plan that writes by the refId reads the
    project's lists, as a shard does, and finds the copy there."""
    copied_under_the_thread(workspace)
    (workspace.path / "renamed.yaml").write_text(site("Logger 2.0 renamed", thread=""))
    renamed = workspace.run("plan", "renamed.yaml")
    assert renamed.exit_code == 1
    assert re.search(REFUSED, renamed.output), renamed.output
