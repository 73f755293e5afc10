"""A stack renamed with its connection named otherwise and its devices re-keyed by `moved` in the
same change (logger-1 to crest, weather to wx; cr73): the old stack's connection held nothing at the
new keys, so it was let be as another network's and the network planned anew, exit 0. Its devices
at the addresses `moved` renames from, named as declared, refuse the creation."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.stack_rename import CONN, V2, applied, edited, made_by_v2, said

KEYS = [("key: logger-1", "key: crest"), ("key: weather", "key: wx")]
MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/crest}\n  - {from: dam-a/weather, to: dam-a/wx}\n"


def test_a_stack_renamed_with_its_device_keys_moved_creates_nothing(workspace: Workspace) -> None:
    first = applied(workspace)
    assert first.exit_code == 0, first.output
    logger = workspace.live_entity("quickstart:dam-a/logger-1")

    refused = applied(workspace, edited(workspace, V2, CONN, *KEYS) + MOVED)
    assert refused.exit_code == 1, refused.output
    assert (
        f"holds device {logger['id']} named 'Crest datalogger' at dam-a/logger-1 in that stack "
        "(moved here to dam-a/crest), as this manifest declares it"
    ) in said(refused)
    assert made_by_v2(workspace) == {"nodes": 0, "devices": 0, "sensors": 0}
