"""A `moved` entry renaming the stack's connection to a key declared in another project is refused
at the new key (a connection and its history cannot move between projects): `drift` listed the old
connection ORPHANED with `refused: false`, though `plan` and `apply` refuse every write, its removal
too, while the entry stands (fz108 F1, its neighbour). It is now refused, pointing at the entry's
refusal."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_connection_moved_between_projects import manifest, node, seeded


def test_drift_marks_the_connection_a_moved_entry_between_projects_renames_refused(
    workspace: Workspace,
) -> None:
    seeded(workspace)
    moved = manifest(node("dam") + node("tun2"), "", moved="{from: tun, to: tun2}")
    (workspace.path / "moved.yaml").write_text(moved)

    drift = workspace.run("drift", "moved.yaml", "--format", "json")
    entries = {entry["address"]: entry for entry in json.loads(drift.stdout)["entries"]}

    assert entries["tun2"]["refused"]
    old = entries["tun"]
    assert (old["status"], old["refused"]) == ("ORPHANED", True)
    assert old["reason"].endswith("`plan` and `apply` refuse it: see tun2")
