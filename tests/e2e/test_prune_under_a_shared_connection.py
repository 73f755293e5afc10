"""--prune-unmanaged removes nothing under a connection another stack is known to have a hand in
(README "Ownership"): that stack's manifest may adopt what is there by `ref_id:`, which this stack's
plan cannot see. Found by cr55: south pruned the devices quickstart adopted under its own connection,
which south shares by `id:`, and quickstart's next plan made them again, their history gone. And the
stack that owns a shared connection is told how to remove its own devices while the connection stays."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_prune_leaves_another_stacks_entities import SOUTH, by_ref_id, south_shares_dam_a
from tests.e2e.test_review_cases import converges

ADOPTED = (
    "          - key: old\n            ref_id: SN-0042\n"
    "            name: Old\n            template: DEMO_DEVICE_SDE\n"
)


def _device(ref_id: str, sensors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    props = {"NAME": ref_id, "INTEGRATION_ID": "DEMO_DEVICE_SDE"}
    return {"changeState": "new", "refId": ref_id, "props": props, "sensors": sensors or []}


def _south_beside_quickstarts_adoption(workspace: Workspace, declared_under_it: str = "") -> None:
    """Quickstart adopts SN-0042, another tool's device under its dam-a, by `ref_id:`; then south
    shares dam-a by `id:`."""
    converges(workspace)
    workspace.integrate_under("quickstart:dam-a", [_device("SN-0042")])
    workspace.edit(
        QUICKSTART, "          - key: weather\n", ADOPTED + declared_under_it + "          - key: weather\n"
    )
    converges(workspace)
    node_id = workspace.live_entity("quickstart:dam-a")["id"]
    (workspace.path / "south.yaml").write_text(SOUTH.format(project=PROJECT, node_id=node_id))
    assert workspace.run("apply", "south.yaml", "--auto-approve").exit_code == 0


def test_prune_leaves_what_the_connections_stack_adopted_by_ref_id(workspace: Workspace) -> None:
    _south_beside_quickstarts_adoption(workspace)
    left = by_ref_id(workspace.json("plan", "south.yaml", "--prune-unmanaged"))["SN-0042"]
    assert left["action"] == "unmanaged", left
    assert left["reason"].endswith(
        "--prune-unmanaged leaves it (the connection is owned by stack 'quickstart', held here by `id:`; a "
        "manifest that has it may adopt this by `ref_id:`, which this plan cannot see): remove it in the "
        "platform's web app once sure no manifest adopts it (a `ref_id:` naming its SERIAL_NO)"
    )
    applied = workspace.run("apply", "south.yaml", "--prune-unmanaged", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0  # its adoption is there


def test_the_connections_stack_leaves_what_it_does_not_own_once_another_stack_has_entities_there(
    workspace: Workspace,
) -> None:
    south_shares_dam_a(workspace)
    workspace.integrate_under("quickstart:dam-a", [_device("SN-0042")])  # south's manifest may adopt it
    left = by_ref_id(workspace.json("plan", QUICKSTART, "--prune-unmanaged"))["SN-0042"]
    assert left["action"] == "unmanaged", left
    assert "(the connection is shared with stack 'south', whose manifest may adopt this" in left["reason"]


def test_a_device_holding_another_stacks_sensor_is_not_sent_to_the_web_app(workspace: Workspace) -> None:
    sensor = "            sensors:\n              - {key: q1, name: Q1, template: TEMPERATURE_SDE}\n"
    _south_beside_quickstarts_adoption(workspace, sensor)
    left = by_ref_id(workspace.json("plan", "south.yaml", "--prune-unmanaged"))["SN-0042"]
    assert left["reason"].endswith(
        "(stack 'quickstart', SERIAL_NO 'quickstart:dam-a/old/q1')): that stack likely adopts it by "
        "`ref_id:`, so it stays while they do; removing it in the platform's web app would take them too"
    )


def test_tearing_down_a_shared_connections_stack_names_the_way_that_keeps_it(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    refused = workspace.run("plan", QUICKSTART, "--destroy")
    assert refused.exit_code == 1
    assert (
        "to remove this stack's own devices under it now, keep dam-a in the manifest with `devices: []` "
        "and apply that (not --destroy) with --allow-destroy: dam-a then stays, this stack's, until stack "
        "'south' no longer uses it"
    ) in " ".join(refused.output.split())
    # South's line about quickstart's devices names that way, not the --destroy refused above.
    theirs = by_ref_id(workspace.json("plan", "south.yaml", "--prune-unmanaged"))["quickstart:dam-a/weather"]
    assert (
        "if that stack is retired, apply its manifest with --allow-destroy, connection dam-a kept in it "
        in (theirs["reason"])
    )
    # The way works: quickstart's devices go, south's and the connection stay.
    head = (workspace.path / QUICKSTART).read_text().split("        devices:")[0]
    (workspace.path / "kept.yaml").write_text(head + "        devices: []\n")
    applied = workspace.run("apply", "kept.yaml", "--allow-destroy", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", "south.yaml", "--detailed-exitcode").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a")
