"""An own device under a connection the manifest no longer declares (`nodes: []`), once held by
`id:`: its refusal said "(the connection is owned by stack 'quickstart', held here by `id:`; …)" of a
connection nothing here holds any more (cr64)."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_own_device_under_a_shared_connection_keeps_what_prune_leaves import HAND_MADE
from tests.e2e.test_prune_leaves_another_stacks_entities import south_shares_dam_a


def test_the_refusal_says_whose_the_connection_is_without_held_here(workspace: Workspace) -> None:
    south_shares_dam_a(workspace)
    sensor = {
        "changeState": "new",
        "refId": HAND_MADE,
        "props": {"NAME": "Rain", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    workspace.integrate_under(
        "quickstart:dam-a",
        [{"changeState": "update", "refId": "south:shared-a/south-lg", "sensors": [sensor]}],
    )
    (workspace.path / "south.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: south\nprojects:\n  - id: {PROJECT}\n    nodes: []\n"
    )
    refused = workspace.run("plan", "south.yaml", "--prune-unmanaged")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, said
    assert (
        "(the connection is owned by stack 'quickstart'; a manifest that has it may adopt them by `ref_id:`"
        in said
    )
