"""A stack renamed with its connection named otherwise and its devices re-keyed by `moved` in the
same change (logger-1 to crest, weather to wx; cr73): the old stack's connection held nothing at the
new keys, so it was let be as another network's and the network planned anew, exit 0. Its devices
at the addresses `moved` renames from, named as declared, refuse the creation."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


def listed(workspace: Workspace, kind: str) -> list[Any]:
    return list(workspace.api("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}))


def test_a_stack_renamed_with_its_device_keys_moved_creates_nothing(workspace: Workspace) -> None:
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    for old, new in [
        ("stack: quickstart ", "stack: quickstart-v2 "),
        ("name: Lake Ellen dam - datalogger feed", "name: Lake Ellen dam feed"),
        ("key: logger-1", "key: crest"),
        ("key: weather", "key: wx"),
    ]:
        workspace.edit(QUICKSTART, old, new)
    manifest = workspace.path / QUICKSTART
    moved = "moved:\n  - {from: dam-a/logger-1, to: dam-a/crest}\n  - {from: dam-a/weather, to: dam-a/wx}\n"
    manifest.write_text(manifest.read_text() + moved)

    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack "
        "(moved here to dam-a/crest), as this manifest declares it"
    ) in " ".join(refused.stderr.split())
    made = [each for kind in ("nodes", "devices", "sensors") for each in listed(workspace, kind)]
    assert not [each for each in made if each["props"].get("SERIAL_NO", "").startswith("quickstart-v2:")]
