"""drift over a plan that `plan` refuses, while another writer's removal between two pages of the
connection list hid one of the stack's connections (c9, no longer declared): the refusal's advice is
weighed on what the lists gave. Here c1/d1's look-alike (`St:c1/d1`, with a sensor spelt so) is a
copy beside the three entities `st:` owns; with c9 hidden, `st:` seemed to own two, as many as
`St:`, and drift reported the refusal advising "keep `stack: St` ... and remove the 2 entities made
as `st:` in the platform's web app" (and no ORPHANED c9), exit 2, where `plan` stopped: a refused
plan reads every list it read in pages again (commands/plan.py), drift read again only those its
MISSING and ORPHANED entries rest on (the device list, for c1/d1). drift now reads them all again
over a refused plan, as `plan` does, and stops alike (exit 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import Target
from iotplan.commands.drift import DriftRequest, drift_command
from iotplan.errors import PlatformError
from iotplan.plan.desired import desired_state
from iotplan.plan.drift import Report, Status
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    applied,
    connection,
    hand_connections,
    integrate,
    listed,
    pages_of_100,  # noqa: F401 (an autouse fixture)
    removed_before_page_one,
    run,
    site,
)
from tests.guards.fleet import load

STOPPED = "entities were removed while drift read these lists in pages"
DECLARED = site(connection("c1", "d0", "d1"))


def platform_with_a_copy_in_another_case(db: Path) -> str:
    """c1 with d0, hand-made connections up to a page, c9 first on page 1, more after it; under c1,
    device `St:c1/d1` with sensor `St:c1/d1/s`. The first hand-made connection's id is returned."""
    applied(db, site(connection("c1", "d0")))
    [first, *_] = hand_connections(db, PAGE - len(listed(db, "nodes")))
    applied(db, site(connection("c1", "d0"), connection("c9")))
    hand_connections(db, 10, prefix="later")  # the list goes on past page 1: a page cap shows itself
    nodes = listed(db, "nodes")
    assert nodes[PAGE]["props"]["SERIAL_NO"] == "st:c9"  # first on page 1
    c1 = next(node["id"] for node in nodes if node["props"]["SERIAL_NO"] == "st:c1")
    sensor = {"changeState": "new", "refId": "St:c1/d1/s", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "d1 copy"}
    copy = {"changeState": "new", "refId": "St:c1/d1", "props": props, "sensors": [sensor]}
    integrate(db, {"nodeId": c1, "changeState": "update", "devices": [copy]})
    return first


def drift_of(db: Path) -> Report:
    async def work(target: Target) -> Report:
        return await drift_command(target, DriftRequest([("site.yaml", desired_state(load(DECLARED)))]), {})

    return run(db, work)


def test_drift_tells_the_copy_apart_when_no_list_changed(tmp_path: Path) -> None:
    """What drift reports when nothing is removed meanwhile: the copy, and c9 ORPHANED."""
    db = tmp_path / "sim.db"
    platform_with_a_copy_in_another_case(db)
    entries = {entry.address: entry for entry in drift_of(db).entries}
    assert entries["c1/d1"].refused and "is a copy another writer made" in entries["c1/d1"].reason
    assert entries["c9"].status is Status.ORPHANED


def test_drift_over_a_refused_plan_whose_connection_list_lost_an_entity_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    first = platform_with_a_copy_in_another_case(db)
    removed_before_page_one(monkeypatch, "node", first)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        drift_of(db)  # was: reported, c1/d1 advising to keep `stack: St` and remove the 2 made as `st:`
    assert "the connection list of project" in str(stopped.value)
