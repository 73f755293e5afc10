"""`iotplan merge` of drift shards read hours apart (one shard re-run alone, after an apply) says so
on stderr, naming the earliest and latest read, beside its one summary: the merged report joins two
times' views of the platform. Shards read together merge without a word of it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from iotplan.render.read_time import read_time
from tests.e2e.conftest import QUICKSTART, Workspace


def _drift_shards(workspace: Workspace) -> list[str]:
    saved = []
    for index in (1, 2):
        path = f"drift-{index}.json"
        done = workspace.run("drift", QUICKSTART, "--shard", f"{index}/2", "--out", f"json={path}")
        assert done.exit_code in (0, 2), done.output
        saved.append(path)
    return saved


def _read_later(path: Path, hours: int) -> tuple[datetime, datetime]:
    """The shard's read moved `hours` later, as if its job were re-run alone: its read and the new one."""
    report = json.loads(path.read_text(encoding="utf-8"))
    read = datetime.fromisoformat(report["read_at"])
    later = read + timedelta(hours=hours)
    report["read_at"] = later.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.write_text(json.dumps(report), encoding="utf-8")
    return read, later


def test_shards_read_hours_apart_are_said_so_with_the_earliest_and_latest_read(workspace: Workspace) -> None:
    first, second = _drift_shards(workspace)
    earliest = datetime.fromisoformat(json.loads((workspace.path / first).read_text())["read_at"])
    _, latest = _read_later(workspace.path / second, 3)
    merged = workspace.run("merge", first, second)
    assert merged.exit_code in (0, 2), merged.output
    note = next(line for line in merged.stderr.splitlines() if "read at different times" in line)
    assert read_time(earliest) in note and read_time(latest) in note
    assert "run every shard again" in note


def test_shards_read_together_merge_without_a_word_of_it(workspace: Workspace) -> None:
    merged = workspace.run("merge", *_drift_shards(workspace))
    assert merged.exit_code in (0, 2), merged.output
    assert "read at different times" not in merged.stderr
