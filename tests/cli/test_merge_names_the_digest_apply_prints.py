"""`merge --out merged.json` at a terminal: its `Written to` line names the merged plan's digest, the
one `apply merged.json` prints to be compared with its review, as `plan --out`'s `Saved the plan to`
line does. Before, it named none: a merged plan reviewed at a terminal had nothing to compare."""

from __future__ import annotations

import re

from tests.e2e.conftest import QUICKSTART, Workspace

APPLYING = re.compile(r"Applying the saved plan (sha256:[0-9a-f]{64}): compare it")


def test_the_written_line_names_the_digest_apply_prints(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        planned = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert planned.exit_code == 0, planned.output
    merged = workspace.run(
        "merge", "plan-1.json", "plan-2.json", "--out", "merged.json", "--out", "merged.md"
    )
    assert merged.exit_code == 2, merged.output
    applied = workspace.run("apply", "merged.json")
    assert applied.exit_code == 0, applied.output
    printed = APPLYING.search(applied.stderr)
    assert printed, applied.stderr
    written = next(line for line in merged.stderr.splitlines() if line.startswith("Merged 2 shards."))
    assert f"Its digest is {printed[1]}, as the apply prints it." in written, written
    assert printed[1] in (workspace.path / "merged.md").read_text()  # the Markdown review names the same


def test_no_digest_is_named_where_no_json_plan_is_written(workspace: Workspace) -> None:
    for shard in ("1/2", "2/2"):
        planned = workspace.run("plan", QUICKSTART, "--shard", shard, "--out", f"plan-{shard[0]}.json")
        assert planned.exit_code == 0, planned.output
    merged = workspace.run("merge", "plan-1.json", "plan-2.json", "--out", "merged.txt")
    assert merged.exit_code == 2, merged.output
    assert "digest" not in merged.stderr, merged.stderr
