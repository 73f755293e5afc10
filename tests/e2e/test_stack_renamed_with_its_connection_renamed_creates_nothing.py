"""A stack renamed with its connection's name edited in the same change (fz78): the old stack's
connection at this address, named otherwise, was let be as another network's, and the whole network
was planned anew beside it, every device and sensor a second time (and the old stack's plan would
then remove the originals, with their history). What the connection holds, named as declared, tells
it is this network: refused, naming the old stack and its `stack:`."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


def listed(workspace: Workspace, kind: str) -> list[Any]:
    return list(workspace.api("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}))


def test_a_stack_renamed_with_its_connection_renamed_is_refused_and_creates_nothing(
    workspace: Workspace,
) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    node = workspace.live_entity("quickstart:dam-a")
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: quickstart-v2 ")
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed")

    refused = workspace.run("plan", QUICKSTART)
    assert refused.exit_code == 1, refused.output
    assert (
        f"dam-a: not found by its refId 'quickstart-v2:dam-a', but node {node['id']} named 'Lake Ellen dam - "
        f"datalogger feed' carries 'quickstart:dam-a', this address in stack 'quickstart', and holds device "
        f"{logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack"
    ) in refused.stderr
    said = " ".join(refused.stderr.split())
    assert "it may be this network, this stack renamed from 'quickstart' with the name edited" in said
    assert said.index("If so, keep `stack: quickstart`") < said.index("`shares_keys_with: [quickstart]`")
    assert "and the name edit is an update in place" in said

    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 1
    made = [each for kind in ("nodes", "devices", "sensors") for each in listed(workspace, kind)]
    assert not [
        each["id"] for each in made if each["props"].get("SERIAL_NO", "").startswith("quickstart-v2:")
    ]
