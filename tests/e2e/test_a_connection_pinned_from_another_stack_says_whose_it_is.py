"""A stack that pins another stack's connection by `id:` to hang its own devices under it, with the
owner's name or none, plans no change to it, and its plan and drift say whose it is, as a device
adopted by another stack's `ref_id:` does (fz89: they said nothing of quickstart)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace

BETA = """\
apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: feed
        id: {node_id}
        name: Lake Ellen dam - datalogger feed
        devices:
          - key: b-logger
            name: Beta logger
"""
OWNED = "stack 'quickstart' owns it too"


def test_a_connection_pinned_from_another_stack_says_whose_it_is(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node_id))

    applied = workspace.run("apply", "beta.yaml", "--auto-approve")

    assert applied.exit_code == 0, applied.output
    [feed] = [
        change for change in workspace.json("plan", "beta.yaml")["changes"] if change["address"] == "feed"
    ]
    assert feed["action"] == "no-op" and OWNED in feed["reason"], feed
    [entry] = [each for each in workspace.json("drift", "beta.yaml")["entries"] if each["address"] == "feed"]
    assert entry["status"] == "IN_SYNC" and OWNED in entry["reason"], entry
