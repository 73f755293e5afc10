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


def test_a_merge_of_plans_made_from_stdin_offers_no_apply_of_its_file(workspace: Workspace) -> None:
    """apply refuses a plan made from stdin (it cannot be re-made): the comment must not offer it."""
    manifest = (workspace.path / QUICKSTART).read_text()
    for shard in ("1/2", "2/2"):
        done = workspace.run("plan", "-", "--shard", shard, "--out", f"plan-{shard[0]}.json", input=manifest)
        assert done.exit_code == 0, done.output
    merged = workspace.run("merge", "plan-1.json", "plan-2.json", "--format", "markdown", "--out", "q5.json")
    assert merged.exit_code == 2, merged.output
    assert "iotplan apply q5.json" not in merged.stdout
    assert (
        workspace.run("apply", "q5.json").exit_code == 1
    )  # as refused as the comment now says nothing of it
