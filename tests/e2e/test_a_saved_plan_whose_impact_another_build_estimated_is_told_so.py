"""A saved plan whose impact says a request estimate this iotplan counts otherwise (a build whose
estimate's rules differ made it, or the file was edited): `show` shows it with this iotplan's count
and says so; `apply` and `merge` refuse it, saying both causes and to plan again, nothing written."""

from __future__ import annotations

import json
import re

from iotplan import __version__
from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import platform_state, removal_plan

# How a plan made before the estimate counted the recount's JSON-RPC read says it: one fewer.
ESTIMATED = re.compile(r'"write_requests": (\d+)')


def _saved_estimated_otherwise(workspace: Workspace) -> tuple[int, int]:
    """plan.json as `plan --out` wrote it, but its write_requests one fewer: what it says, and what
    this iotplan counts from its changes."""
    counted = removal_plan(workspace)["impact"]["write_requests"]
    file = workspace.path / "plan.json"
    text = file.read_text()
    assert len(ESTIMATED.findall(text)) == 1 and counted > 1
    file.write_text(ESTIMATED.sub(f'"write_requests": {counted - 1}', text))
    return counted - 1, counted


def _says_both_causes(said: str, estimated: int, counted: int) -> None:
    flat = " ".join(said.split())
    assert f"its impact says write_requests {estimated}, its changes {counted}" in flat, said
    assert f"this iotplan ({__version__})" in flat, said
    assert f"says iotplan {__version__} made it" in flat, said
    assert "another iotplan's rules" in flat and "or the plan file was edited" in flat, said
    assert "plan again with this iotplan" in flat, said


def test_show_shows_it_with_this_iotplans_count_and_says_why(workspace: Workspace) -> None:
    estimated, counted = _saved_estimated_otherwise(workspace)

    shown = workspace.run("show", "plan.json", "--no-color")
    as_json = workspace.run("show", "plan.json", "--format", "json")

    assert shown.exit_code == 0, shown.output
    assert "1 to destroy" in shown.stdout and f"about {counted} requests" in shown.stdout
    _says_both_causes(shown.stderr, estimated, counted)
    assert "as `iotplan apply` prints it" not in shown.stderr  # apply prints none: it refuses it
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["impact"]["write_requests"] == counted


def test_apply_refuses_it_saying_both_causes(workspace: Workspace) -> None:
    estimated, counted = _saved_estimated_otherwise(workspace)
    before = platform_state(workspace)

    applied = workspace.run("apply", "plan.json", "--allow-destroy", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    _says_both_causes(applied.output, estimated, counted)
    assert platform_state(workspace) == before


def test_merge_refuses_it_saying_both_causes(workspace: Workspace) -> None:
    estimated, counted = _saved_estimated_otherwise(workspace)

    merged = workspace.run("merge", "plan.json", "--out", "merged.json")

    assert merged.exit_code == 1, merged.output
    _says_both_causes(merged.output, estimated, counted)
    assert not (workspace.path / "merged.json").exists()
