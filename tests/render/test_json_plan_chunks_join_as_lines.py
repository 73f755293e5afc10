"""A JSON plan's changes are written some kilobytes at a time (render/json_plan.py `one_per_line`): its
bytes are the same wherever a chunk ends, one a line or all in one, and read back to the same plan."""

from __future__ import annotations

import pytest

from iotplan.render import json_plan
from iotplan.render.json_plan import plan_from_lines, plan_json_chunks
from tests.render import plans

CHANGES = [plans.in_sync(f"dam-a/logger-{number}/pz-{number}") for number in range(40)]


def written(chunk_size: int, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(json_plan, "_CHUNK_SIZE", chunk_size)
    return b"".join(plan_json_chunks(plans.plan(*plans.fleet().changes, *CHANGES)))


def test_a_plan_is_written_alike_wherever_its_chunks_end(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = written(10**9, monkeypatch)
    assert all(written(size, monkeypatch) == whole for size in (1, 700, 4096))
    lines = whole.splitlines(keepends=True)
    again = plan_from_lines(iter(lines))
    assert [change.address for change in again.changes] == [
        change.address for change in (*plans.fleet().changes, *CHANGES)
    ]
