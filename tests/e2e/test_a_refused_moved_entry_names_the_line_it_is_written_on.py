"""A `moved` entry the plan refuses (both its `from` and its `to` exist on the platform) is told at
the manifest's file:line:column, as `validate` tells a problem: in a 5,000-line manifest the entity
address alone sent the user searching for it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_move import moved_onto_a_live_device


def test_a_refused_moved_entry_names_the_line_it_is_written_on(workspace: Workspace) -> None:
    written = moved_onto_a_live_device(workspace)

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code == 1, shown.output
    where = f"{QUICKSTART}:{written.line}:{written.column}"
    assert f"  {where}: dam-a/logger-2: moved: both dam-a/logger-1 and dam-a/logger-2 exist" in shown.output
