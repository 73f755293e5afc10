"""Stack names may differ only in case: `QUICKSTART` pins quickstart's dam-a by `id:`, makes a
device there and adopts a hand-made SN-0042 by `ref_id:`. quickstart's --prune-unmanaged removed
SN-0042 (cr62), the connection no longer seen as shared once a look-alike prefix named no stack."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_prune_leaves_another_stacks_entities import SOUTH
from tests.e2e.test_review_cases import converges

# South's manifest under a stack whose name is quickstart's in capitals, adopting the hand-made device.
OTHER = (
    SOUTH.replace("stack: south\n", "stack: QUICKSTART\n")
    + """          - key: old
            ref_id: SN-0042
            name: Old
            template: DEMO_DEVICE_SDE
"""
)


def test_prune_leaves_a_device_a_look_alike_stack_adopts(workspace: Workspace) -> None:
    converges(workspace)
    props = {"NAME": "SN-0042", "INTEGRATION_ID": "DEMO_DEVICE_SDE"}
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "new", "refId": "SN-0042", "props": props}]
    )
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "other.yaml").write_text(OTHER.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "other.yaml", "--auto-approve").exit_code == 0
    plan = workspace.json("plan", QUICKSTART, "--prune-unmanaged")
    [adopted] = [change for change in plan["changes"] if change.get("live_ref_id") == "SN-0042"]
    assert adopted["action"] == "unmanaged", adopted
    assert "may be this stack's or another stack's (QUICKSTART)" in adopted["reason"], adopted["reason"]


def test_tearing_down_beside_a_look_alike_stack_names_the_way_that_keeps_it(workspace: Workspace) -> None:
    """quickstart --destroy with QUICKSTART's devices under dam-a said to give them another SERIAL_NO
    or remove them in the web app (cr62), both of which wreck QUICKSTART's: the way that keeps them
    (dam-a kept holding nothing) is named, as for another stack, and works."""
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "other.yaml").write_text(OTHER.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "other.yaml", "--auto-approve").exit_code == 0
    for flags in ((), ("--prune-unmanaged",)):
        refused = workspace.run("plan", QUICKSTART, "--destroy", *flags)
        assert refused.exit_code == 1
        said = " ".join(refused.output.split())
        assert "another SERIAL_NO" not in said and "web app" not in said, said
        assert (
            "keep dam-a in the manifest with `devices: []` and apply that (not --destroy) with "
            "--allow-destroy: dam-a then stays, this stack's, until the stack whose prefix may be this "
            "stack's or another stack's (QUICKSTART) no longer uses it"
        ) in said, said
    head = (workspace.path / QUICKSTART).read_text().split("        devices:")[0]
    (workspace.path / "kept.yaml").write_text(head + "        devices: []\n")
    applied = workspace.run("apply", "kept.yaml", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", "other.yaml", "--detailed-exitcode").exit_code == 0
