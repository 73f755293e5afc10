"""`merge --out merged.json` at a terminal: its `Written to` line names the merged plan's digest, the
one `apply merged.json` prints to be compared with its review, as `plan --out`'s `Saved the plan to`
line does. Before, it named none: a merged plan reviewed at a terminal had nothing to compare."""

from __future__ import annotations

from tests.cli.digest_applied import digest_apply_prints
from tests.e2e.conftest import QUICKSTART, Workspace


def _two_shards_planned(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        planned = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert planned.exit_code == 0, planned.output


def test_the_written_line_names_the_digest_apply_prints(workspace: Workspace) -> None:
    _two_shards_planned(workspace)
    merged = workspace.run(
        "merge", "plan-1.json", "plan-2.json", "--out", "merged.json", "--out", "merged.md"
    )
    assert merged.exit_code == 2, merged.output
    digest = digest_apply_prints(workspace, "merged.json")
    written = next(line for line in merged.stderr.splitlines() if line.startswith("Merged 2 shards."))
    assert f"Its digest is {digest}, as the apply prints it." in written, written
    assert digest in (workspace.path / "merged.md").read_text()  # the Markdown review names the same


def test_no_digest_is_named_where_no_json_plan_is_written(workspace: Workspace) -> None:
    _two_shards_planned(workspace)
    merged = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.txt")
    assert merged.exit_code == 2, merged.output
    assert "digest" not in merged.stderr, merged.stderr
