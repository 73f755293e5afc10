"""What the tests of a device a `moved` entry renames share: a quickstart device's key changed in
the manifest, and the `moved` entry telling iotplan the new key is the old device."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def move_device(workspace: Workspace, site: str, old: str, new: str) -> None:
    """Device `site/old` of the quickstart manifest renamed `site/new`, with its `moved` entry."""
    workspace.edit(QUICKSTART, f"- key: {old}\n", f"- key: {new}\n")
    workspace.edit(
        QUICKSTART, "defaults:\n", f"moved:\n  - {{from: {site}/{old}, to: {site}/{new}}}\ndefaults:\n"
    )
