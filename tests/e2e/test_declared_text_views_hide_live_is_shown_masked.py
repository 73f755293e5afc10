"""Declared text that the rule views hide live text with hides (`Logger key: LG-42`, `Password: none`,
`connect sa:hunter2@db.example:1433`), which a manifest may hold, as it names no credential plainly:
every plan shows it as drift shows the same text live, masked (`(sensitive)`, `(sensitive)@db.example`),
and the apply writes the manifest's real text. A plan showed it in clear where drift hid it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

DECLARED = {
    "name": "Logger key: LG-42",
    "notes": "Password: none; connect sa:hunter2@db.example:1433",
}


def test_declared_text_views_hide_live_is_shown_masked_and_applied_as_written(workspace: Workspace) -> None:
    workspace.edit(
        QUICKSTART,
        "            name: Crest datalogger\n",
        f"            name: '{DECLARED['name']}'\n            notes: '{DECLARED['notes']}'\n",
    )
    for output_format in ("text", "json", "markdown"):
        planned = workspace.run("plan", QUICKSTART, "--format", output_format)
        assert planned.exit_code == 0, planned.output
        assert "LG-42" not in planned.output and "hunter2" not in planned.output, planned.output
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    applied = workspace.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "LG-42" not in applied.output and "hunter2" not in applied.output, applied.output
    props = workspace.live_entity("quickstart:dam-a/logger-1")["props"]
    assert (props["NAME"], props["NOTES"]) == (DECLARED["name"], DECLARED["notes"])
    drift = workspace.run("drift", QUICKSTART)
    assert drift.exit_code == 0, drift.output
