"""apply --shard i/n beside its sibling shards (the sharded CI matrix): a sibling's removal between
two pages of this shard's verifying read, once its writes are done, moves one of this shard's
connections back across the page's end, read on neither page. The verifying read stops (what it
missed would be planned as new); read again once, it finds what this shard wrote in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import Target
from iotplan.commands.apply import ApplyRequest, ApplyResult, prepare_apply, run_apply
from iotplan.plan.coverage import shard_of
from iotplan.plan.desired import desired_state
from iotplan.sim.backend import SimBackend
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    applied,
    connection,
    listed,
    pages_of_100,  # noqa: F401 (an autouse fixture)
    run,
    site,
)
from tests.commands.test_shard_apply_paged_siblings import MINE, OURS
from tests.guards.fleet import load


def siblings(count: int, prefix: str) -> list[str]:
    """`count` connection keys shard 2/2 holds."""
    keys = (f"{prefix}{number}" for number in range(10 * count + 10))
    return [key for key in keys if shard_of(key, 2) == 2][:count]


def sibling_removes_before_page_one(monkeypatch: pytest.MonkeyPatch, node_id: str) -> list[bool]:
    """The sibling shard removes its connection `node_id` just before page 1 of the connection list
    is answered, once the returned list holds True (this shard's writes are done)."""
    answer = SimBackend.page_text
    armed: list[bool] = []
    done: list[bool] = []

    def page_text(backend: SimBackend, listed: str, project_id: str, params: dict[str, str]) -> str:
        if armed and listed == "node" and params.get("pageNumber") == "1" and not done:
            done.append(True)
            backend.integrate(project_id, {"integration": {"nodeId": node_id, "changeState": "remove"}})
        return answer(backend, listed, project_id, params)

    monkeypatch.setattr(SimBackend, "page_text", page_text)
    return armed


def test_a_sibling_removal_during_the_verifying_read_is_read_once_more_and_the_shard_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    before = siblings(PAGE - len(listed(db, "nodes")), "s")
    later = [connection(key) for key in siblings(10, "t")]
    applied(db, site(*(connection(key) for key in before)))
    applied(db, site(*(connection(key) for key in before), connection(OURS)))
    applied(db, site(*(connection(key) for key in before), connection(OURS), *later))
    nodes = listed(db, "nodes")
    assert nodes[PAGE]["props"]["SERIAL_NO"] == f"st:{OURS}"  # first on page 1
    removed = next(node["id"] for node in nodes if node["props"]["SERIAL_NO"] == f"st:{before[0]}")
    armed = sibling_removes_before_page_one(monkeypatch, removed)
    text = site(*(connection(key) for key in before), connection(OURS, "d1"), *later)

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired_state(load(text)), ApplyRequest(shard=MINE), {})
        return await run_apply(
            target, prepared, {}, confirm=lambda: None, on_done=lambda _: armed.append(True)
        )

    result = run(db, work)
    assert armed and result.succeeded and not result.verify_error
    assert result.after is not None and result.after.summary.converged
