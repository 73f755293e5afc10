"""A merged plan's shards checked for the plan file's edits before the first shard writes each paged
through the project's whole device and sensor lists, one after another with nothing written between:
111,000 entities in 10 shards read them nine times over. One read serves every shard's check, as
drift's manifests share one (SharedLists); each shard's own check at its turn reads them again."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.commands import shard_apply
from iotplan.live import read
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_shard import FLEET, shard_plans, write_sites

# Seven sites a shard: each shard's plan reads its connections through the lists (four requests),
# not one by one.
SITES = [f"site-{index:02d},Dam {index},-41.{index},174.{index},2," for index in range(1, 22)]


def renamed_in_three_shards(workspace: Workspace) -> None:
    """Every site renamed, planned in three shards merged to plan.json."""
    write_sites(workspace, SITES)
    assert workspace.run("apply", *FLEET, "--auto-approve").exit_code == 0
    write_sites(workspace, [row.replace(",Dam ", ",Dam no. ") for row in SITES])
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2


def test_merged_plan_checked_ahead_reads_the_lists_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed_in_three_shards(workspace)
    read_ahead = ListsRead(shard_apply._refuse_edited_ahead, monkeypatch)
    monkeypatch.setattr(shard_apply, "_refuse_edited_ahead", read_ahead.run)

    applied = workspace.run("apply", "plan.json", "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert read_ahead.checks == 2, "the shards after the first"
    assert read_ahead.projects == [PROJECT]


class ListsRead:
    """`checking` run with its shards' checks and each read of a project's lists counted."""

    def __init__(self, checking: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checking, self.monkeypatch = checking, monkeypatch
        self.projects: list[str] = []
        self.checks = 0

    async def run(self, *args: Any, **kwargs: Any) -> None:
        lists_read, refuse_edited = read._lists_read, shard_apply.refuse_edited

        async def counted(client: Any, project_id: str, *rest: Any) -> Any:
            self.projects.append(project_id)
            return await lists_read(client, project_id, *rest)

        async def checked(*args: Any, **kwargs: Any) -> None:
            self.checks += 1
            await refuse_edited(*args, **kwargs)

        with self.monkeypatch.context() as patched:
            patched.setattr(read, "_lists_read", counted)
            patched.setattr(shard_apply, "refuse_edited", checked)
            await self.checking(*args, **kwargs)
