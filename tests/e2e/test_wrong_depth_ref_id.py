"""A refId that starts with a stack's prefix but is no address of its entity's depth
(`quickstart:legacy` on a device) is another tool's: one rule (`owner_of`) says so in the read, the
plan, drift, a copy's refusal and an adoption. They disagreed: the read listed its connection as
quickstart's on every plan, and beta's refusal and adoption said quickstart owned it."""

from __future__ import annotations

import json

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_review_cases import converges

WRONG_DEPTH = "quickstart:legacy"  # a connection's address, on a device
BETA = """apiVersion: iotplan/v1
stack: beta
projects:
  - id: {project}
    nodes:
      - key: feed
        kind: api
        id: {node_id}
        devices:
          - key: x
            name: Legacy logger
{ref_id}"""


def another_tools_feed(workspace: Workspace) -> str:
    """quickstart applied, and another tool's connection holding a device it gave `WRONG_DEPTH`: its id."""
    converges(workspace)
    device = {
        "changeState": "new",
        "refId": WRONG_DEPTH,
        "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Legacy logger"},
    }
    node = {
        "changeState": "new",
        "refId": "legacy:site",
        "props": {"NAME": "Legacy feed"},
        "devices": [device],
    }
    return str(workspace.integrate({"integration": node})["integration"]["node"]["id"])


def beta(workspace: Workspace, node_id: str, ref_id: str = "") -> str:
    pinned = f"            ref_id: {ref_id!r}\n" if ref_id else ""
    (workspace.path / "beta.yaml").write_text(BETA.format(project=PROJECT, node_id=node_id, ref_id=pinned))
    return "beta.yaml"


def test_the_stacks_plan_does_not_read_another_tools_connection_as_its_own(workspace: Workspace) -> None:
    node_id = another_tools_feed(workspace)
    plan = workspace.json("plan", QUICKSTART)
    listed = {(change["address"], change["live_ref_id"]) for change in plan["changes"]}
    assert not [each for each in listed if node_id[5:11] in each[0] or each[1] == WRONG_DEPTH], listed
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_a_copy_refusal_and_drift_both_call_it_unmanaged_with_no_owner(workspace: Workspace) -> None:
    manifest = beta(workspace, another_tools_feed(workspace))
    refused = workspace.run("plan", manifest)
    assert refused.exit_code == 1
    assert "stack 'quickstart'" not in refused.stderr, refused.stderr
    assert "is not this stack's: likely an earlier copy" in refused.stderr, refused.stderr
    assert f"adopt it with `ref_id: {WRONG_DEPTH}`" in refused.stderr, refused.stderr
    drift = workspace.run("drift", manifest, "--format", "json")
    entries = [e for e in json.loads(drift.stdout)["entries"] if e["serial"] == WRONG_DEPTH]
    assert [(e["status"], e["owner"]) for e in entries] == [("UNMANAGED", None)], drift.output


def test_adopting_it_names_no_other_owner(workspace: Workspace) -> None:
    manifest = beta(workspace, another_tools_feed(workspace), WRONG_DEPTH)
    plan = workspace.json("plan", manifest)
    [adopted] = [change for change in plan["changes"] if change["live_ref_id"] == WRONG_DEPTH]
    assert adopted["address"] == "feed/x" and "owns it too" not in adopted["reason"], adopted
    assert workspace.run("apply", manifest, "--auto-approve").exit_code == 0
    # quickstart's plan never takes it for its own, adopted or not
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0


def test_an_import_of_it_warns_of_no_owning_stack(workspace: Workspace) -> None:
    node_id = another_tools_feed(workspace)
    imported = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "beta", "--out", "imported.yaml"
    )
    assert imported.exit_code == 0, imported.output
    assert "name stack 'quickstart'" not in imported.output, imported.output
