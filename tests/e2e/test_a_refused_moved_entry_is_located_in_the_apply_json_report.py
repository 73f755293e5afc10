"""`apply --format json` refused before its first write by a plan-time refusal lists each refusal
with the entity it concerns and where the manifest declares it (file, line, column), beside the
`stopped` text it always had: a CI job annotates the line without parsing the text."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_move import moved_onto_a_live_device


def test_a_refused_moved_entry_is_located_in_the_apply_json_report(workspace: Workspace) -> None:
    written = moved_onto_a_live_device(workspace)

    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json")

    assert applied.exit_code == 1, applied.output
    report = json.loads(applied.stdout)
    assert report["status"] == "refused"
    assert report["stopped"].startswith("no safe plan exists:")
    [refusal] = report["refusals"]
    assert refusal["address"] == "dam-a/logger-2"
    assert refusal["message"].startswith("dam-a/logger-2: moved: both dam-a/logger-1 and dam-a/logger-2")
    assert refusal["declared_at"] == {
        "file": QUICKSTART,
        "line": written.line,
        "column": written.column,
        "site": None,
        "via_alias_line": None,
    }
    assert workspace.live_entity("quickstart:dam-a/logger-1")  # nothing written
