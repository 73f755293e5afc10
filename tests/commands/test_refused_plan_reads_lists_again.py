"""A plan refused because a connection a removal hid between two pages seemed gone: the hidden
connection's device is then "created" beside the live one carrying its refId, and the refusal
advised giving the declared device a refId of its own, renaming the wrong entity. A refused plan
reads its paged lists again first, and says the lists changed under it when they did."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import Target
from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import NoSafePlanError, PlatformError
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Plan
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    STOPPED,
    applied,
    connection,
    listed,
    pages_of_100,  # noqa: F401 (an autouse fixture)
    run,
    site,
)
from tests.commands.test_shard_apply_paged_siblings import OURS
from tests.commands.test_shard_verify_read_again import sibling_removes_before_page_one
from tests.guards.fleet import load


def plan_of(db: Path, text: str) -> Plan:
    async def work(target: Target) -> Plan:
        return await plan_command(target, PlanRequest(desired_state(load(text))), {})

    return run(db, work)


def test_a_plan_refused_over_a_connection_hidden_between_pages_says_the_lists_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    before = [f"s{number}" for number in range(PAGE - len(listed(db, "nodes")))]
    text = site(*(connection(key) for key in before), connection(OURS, "d1"))
    applied(db, text)
    nodes = listed(db, "nodes")
    assert nodes[PAGE]["props"]["SERIAL_NO"] == f"st:{OURS}"  # first on page 1
    removed = next(node["id"] for node in nodes if node["props"]["SERIAL_NO"] == f"st:{before[0]}")
    sibling_removes_before_page_one(monkeypatch, removed).append(True)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        plan_of(db, text)
    assert isinstance(stopped.value.__context__, NoSafePlanError)  # what the read got wrong, kept
