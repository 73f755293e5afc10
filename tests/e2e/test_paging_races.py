"""Another writer removing an entity while a plan reads the project's lists in pages (A5).

Each item after the one removed moves back by one, and the item moved back across a page's end is
read on neither page. A plan removing a connection counted what it takes from the device and sensor
lists, so a connection holding 7,000 observations was planned as empty, exit 0, with no
--allow-destroy asked: only the plan that created read the lists again. And a list whose
first page came back short of the 1000 asked, then an empty page 1, was never read again, though
that first page may be a cap never shown: a connection live all along was planned as new, and only
the platform's 409 kept a copy from being made (#2). The emulator caps pages at 100
(`page-cap-100`); the writer's removal runs just before a page 1 is answered.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import PlatformError
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Plan
from iotplan.sim.backend import SimBackend
from iotplan.sim.store import Store
from tests.commands.test_paged_lists_read_again import (
    PAGE,
    STOPPED,
    applied,
    connection,
    hand_connections,
    integrate,
    listed,
    removed_before_page_one,
    run,
    site,
)
from tests.guards.fleet import PROJECT, load

LISTS = ("GET /api/nodes/all", "GET /api/devices/all", "GET /api/sensors/all")
FEEDS = [f"c{number}" for number in range(1, 6)]  # more than the lists cost: read through them


def feed(key: str) -> str:
    """A connection of one device holding one sensor."""
    return (
        f"      - key: {key}\n        kind: api\n        name: feed {key}\n        devices:\n"
        "          - key: d0\n            name: logger\n            sensors:\n"
        "              - {key: s0, template: TEMPERATURE_SDE}\n"
    )


def plan_and_requests(db: Path, text: str) -> tuple[Plan, Counter[str]]:
    async def work(target: object) -> tuple[Plan, Counter[str]]:
        plan = await plan_command(target, PlanRequest(desired_state(load(text))), {})  # type: ignore[arg-type]
        return plan, Counter(target.client.requests)  # type: ignore[attr-defined]

    return run(db, work)


def hand_sensored(db: Path, prefix: str, devices: int) -> str:
    """Another tool's connection of `devices` devices, each holding one sensor: its id."""
    held = [
        {
            "changeState": "new",
            "refId": f"{prefix}/d{number}",
            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": f"d{number}"},
            "sensors": [
                {
                    "changeState": "new",
                    "refId": f"{prefix}/d{number}/s",
                    "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "s"},
                }
            ],
        }
        for number in range(devices)
    ]
    body = {"changeState": "new", "refId": prefix, "props": {"NAME": prefix}, "devices": held}
    return str(integrate(db, body)["integration"]["node"]["id"])


def removed_before_either_page_one(monkeypatch: pytest.MonkeyPatch, node_id: str) -> None:
    """The writer removes connection `node_id` (its device and sensor) once, just before the first
    page 1 of the device or sensor list is answered: both lists then lose the same entities."""
    answer = SimBackend.page_text
    done: list[bool] = []

    def page_text(backend: SimBackend, kind: str, project_id: str, params: dict[str, str]) -> str:
        if kind in ("device", "sensor") and params.get("pageNumber") == "1" and not done:
            done.append(True)
            backend.integrate(project_id, {"integration": {"nodeId": node_id, "changeState": "remove"}})
        return answer(backend, kind, project_id, params)

    monkeypatch.setattr(SimBackend, "page_text", page_text)


@pytest.fixture
def fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """Another tool's 100 devices (one sensor each) listed first, then the stack's five feeds: st:c1's
    device and sensor open page 1 of their lists, its sensor holding 7,000 observations."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-cap-100")
    db = tmp_path / "sim.db"
    first = hand_sensored(db, "a", 1)
    hand_sensored(db, "b", PAGE - 1)
    applied(db, site(*map(feed, FEEDS)))
    assert listed(db, "devices")[PAGE]["props"]["SERIAL_NO"] == "st:c1/d0"
    sensors = run(db, lambda target: target.client.list_sensors(PROJECT))
    [held] = [each["id"] for each in sensors if each["props"]["SERIAL_NO"] == "st:c1/d0/s0"]
    store = Store(db)
    try:
        SimBackend(store).add_observations(held, 7000)
    finally:
        store.close()
    return db, first


def test_a_removal_counted_from_lists_a_writer_changed_between_pages_stops_the_plan(
    fleet: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, first = fleet
    dropping_c1 = site(*map(feed, FEEDS[1:]))
    plan, _ = plan_and_requests(db, dropping_c1)
    [removal] = [change for change in plan.changes if change.action is Action.REMOVE]
    assert removal.address == "c1" and removal.observations == 7000  # as read with no writer
    removed_before_either_page_one(monkeypatch, first)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        plan_and_requests(db, dropping_c1)  # took c1 for empty: "observations_destroyed: 0", exit 0
    assert "left it out of what a removal destroys" in str(stopped.value)
    assert "GET /api/devices/all of project" in str(stopped.value)


def test_only_a_plan_removing_what_the_lists_counted_reads_them_again(fleet: tuple[Path, str]) -> None:
    db, _ = fleet
    quiet, once = plan_and_requests(db, site(*map(feed, FEEDS)))
    assert not quiet.summary.has_changes
    removing, again = plan_and_requests(db, site(*map(feed, FEEDS[1:])))
    assert removing.summary.has_changes
    # the device and sensor lists read twice; the connection list, which the removal does not
    # count from, once, as by the plan with nothing to do
    assert [again[route] for route in LISTS] == [once[LISTS[0]], 2 * once[LISTS[1]], 2 * once[LISTS[2]]]
    assert sum(again.values()) == sum(once.values()) + once[LISTS[1]] + once[LISTS[2]]


def test_a_plan_with_nothing_to_do_sends_no_request_more_than_one_read_of_each_list(
    fleet: tuple[Path, str],
) -> None:
    db, _ = fleet
    _, requests = plan_and_requests(db, site(*map(feed, FEEDS)))

    async def one_read_of_each(target: object) -> Counter[str]:
        client = target.client  # type: ignore[attr-defined]
        await client.list_nodes(PROJECT)
        await client.list_devices(PROJECT)
        await client.list_sensors(PROJECT)
        return Counter(client.requests)

    read = run(db, one_read_of_each)
    assert [requests[route] for route in LISTS] == [read[route] for route in LISTS]


def test_a_connection_a_removal_moved_off_a_one_page_list_is_not_created_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """101 connections, st:c1 the last: page 0 (1000 asked) answers 100, a cap it never shows, for
    page 1 comes back empty once the writer removed one: st:c1 was on neither page."""
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-cap-100")
    db = tmp_path / "sim.db"
    hand = hand_connections(db, PAGE - len(listed(db, "nodes")))
    applied(db, site(connection("c1")))
    assert listed(db, "nodes")[PAGE]["props"]["SERIAL_NO"] == "st:c1"
    removed_before_page_one(monkeypatch, "node", hand[0])
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        plan_and_requests(db, site(connection("c1")))  # planned c1 as new: a `new` sent for it
    assert "the connection list of project" in str(stopped.value)
    assert "1 entity read then and gone now, 1 there now and not read then" in str(stopped.value)
