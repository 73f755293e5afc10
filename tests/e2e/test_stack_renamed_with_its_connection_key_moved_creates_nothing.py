"""A stack renamed with its connection re-keyed by `moved` (dam-a to dam-x) and named otherwise in the
same change (cr73): nothing stood at dam-x, and nothing of this stack's at dam-a, so the whole
network was planned anew, exit 0. The old stack's connection at the address `moved` renames from is
looked at too: what it holds, named as declared, refuses the creation, which says where it stands."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


def listed(workspace: Workspace, kind: str) -> list[Any]:
    return list(workspace.api("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}))


def test_a_stack_renamed_with_its_connection_key_moved_creates_nothing(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    node = workspace.live_entity("quickstart:dam-a")
    for old, new in [
        ("stack: quickstart ", "stack: quickstart-v2 "),
        ("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed"),
        ("key: dam-a", "key: dam-x"),
    ]:
        workspace.edit(QUICKSTART, old, new)
    manifest = workspace.path / QUICKSTART
    manifest.write_text(manifest.read_text() + "moved:\n  - {from: dam-a, to: dam-x}\n")

    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-x: not found by its refId 'quickstart-v2:dam-x', nor at dam-a, which its `moved` entry renames "
        f"it from (nothing of this stack's is there), but node {node['id']} named 'Lake Ellen dam - "
        "datalogger feed' carries 'quickstart:dam-a', that address in stack 'quickstart'"
    ) in " ".join(refused.stderr.split())
    made = [each for kind in ("nodes", "devices", "sensors") for each in listed(workspace, kind)]
    assert not [each for each in made if each["props"].get("SERIAL_NO", "").startswith("quickstart-v2:")]
