"""The Markdown comment of a merge names the JSON plan the merge saved, as `plan --out` does: it said
"`iotplan apply` of the saved plan" though the merge had just written it."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_merge_saving_its_plan_names_it_in_its_comment(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        done = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert done.exit_code == 0, done.output
    merged = workspace.run(
        "merge", "plan-1.json", "plan-2.json", "--format", "markdown", "--out", "q4.json", "--out", "q4.md"
    )
    assert merged.exit_code == 2, merged.output
    for comment in (merged.stdout, (workspace.path / "q4.md").read_text()):
        assert "(`iotplan apply q4.json` prints the digest it applies)" in comment
