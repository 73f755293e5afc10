"""An entity in sync whose declared text the rule views hide live text with hides (`Logger key:
LG-42`, `connect sa:hunter2@db.example:1433`) is shown masked in every format's plan, in a saved
plan and in `show` of it, as the text plan and drift show it; the saved plan still applies. JSON
plans and saved plans wrote an entity in sync's text in clear."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

DECLARED = {
    "name": "Logger key: LG-42",
    "notes": "connect sa:hunter2@db.example:1433",
}
CLEAR = ("LG-42", "hunter2")


def test_in_sync_text_views_hide_is_shown_masked_in_every_format(workspace: Workspace) -> None:
    workspace.edit(
        QUICKSTART,
        "            name: Crest datalogger\n",
        f"            name: '{DECLARED['name']}'\n            notes: '{DECLARED['notes']}'\n",
    )
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    shown = [workspace.run("plan", QUICKSTART, "--format", each) for each in ("text", "json", "markdown")]
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    shown += [workspace.run("show", "plan.json", "--format", each) for each in ("text", "json", "markdown")]
    for result in shown:
        assert result.exit_code == 0, result.output
        assert not [clear for clear in CLEAR if clear in result.output], result.output
    saved = (workspace.path / "plan.json").read_text()
    assert not [clear for clear in CLEAR if clear in saved]
    assert '"(sensitive)"' in saved and "(sensitive)@db.example" in saved
    applied = workspace.run("apply", "plan.json", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    props = workspace.live_entity("quickstart:dam-a/logger-1")["props"]
    assert (props["NAME"], props["NOTES"]) == (DECLARED["name"], DECLARED["notes"])
