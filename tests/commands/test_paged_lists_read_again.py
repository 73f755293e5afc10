"""commands/plan.py: another writer removing an entity while a project's list is read in pages.

Each item after the one removed moves back by one, so the item moved back across a page's end is
read on neither page: no page repeats one, and the plan took that live entity for missing and
created it again (fz9 #2). A plan creating that kind now reads the list again and stops when its ids
differ; a plan creating nothing reads nothing more. The emulator caps its pages at 100
(`page-cap-100`), the size at which such a gap opens on any platform with more than a page.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from iotplan.clients.target import Target, TargetOptions, open_target
from iotplan.commands.apply import ApplyRequest, prepare_apply, run_apply
from iotplan.commands.drift import DriftRequest, drift_command
from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import PlatformError
from iotplan.plan.desired import desired_state
from iotplan.plan.drift import Report
from iotplan.plan.model import Action, Plan
from iotplan.sim.backend import SimBackend
from tests.guards.fleet import PROJECT, load

T = TypeVar("T")
STOPPED = "entities were removed while the plan read these lists in pages"
PAGE = 100  # page-cap-100


@pytest.fixture(autouse=True)
def pages_of_100(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-cap-100")
    yield


def site(*nodes: str) -> str:
    text = f"apiVersion: iotplan/v1\nstack: st\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
    return text + "".join(nodes)


def connection(key: str, *devices: str) -> str:
    text = f"      - key: {key}\n        kind: api\n        name: conn {key}\n"
    if devices:
        text += "        devices:\n" + "".join(
            f"          - {{key: {device}, name: {device}}}\n" for device in devices
        )
    return text


def run(db: Path, work: Callable[[Target], Awaitable[T]]) -> T:
    async def opened() -> T:
        async with open_target(TargetOptions(sim_db=db), {}) as target:
            return await work(target)

    return asyncio.run(opened())


def applied(db: Path, text: str) -> None:
    async def work(target: Target) -> None:
        prepared = await prepare_apply(target, desired_state(load(text)), ApplyRequest(), {})
        assert (await run_apply(target, prepared, {}, confirm=lambda: None)).succeeded

    run(db, work)


def plan_counting(db: Path, text: str, route: str) -> tuple[Plan, int]:
    """The plan of `text`, and how many requests it made to `route` ("GET /api/nodes/all")."""

    async def work(target: Target) -> tuple[Plan, int]:
        plan = await plan_command(target, PlanRequest(desired_state(load(text))), {})
        return plan, target.client.requests[route]

    return run(db, work)


def integrate(db: Path, body: dict[str, Any]) -> dict[str, Any]:
    """A write behind iotplan's back, as another tool makes it."""
    return run(db, lambda target: target.client.integrate(PROJECT, {"integration": body}))


def hand_device(ref_id: str, name: str) -> dict[str, Any]:
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": name}
    return {"changeState": "new", "refId": ref_id, "props": props, "sensors": []}


def hand_connections(db: Path, count: int, devices: int = 0, prefix: str = "hand") -> list[str]:
    made = []
    for number in range(count):
        held = [hand_device(f"{prefix}:{number}/d{each}", f"d{each}") for each in range(devices)]
        body = {"changeState": "new", "refId": f"{prefix}:{number}", "props": {"NAME": f"{prefix} {number}"}}
        made.append(integrate(db, {**body, "devices": held} if held else body)["integration"]["node"]["id"])
    return made


def listed(db: Path, kind: str) -> list[dict[str, Any]]:
    async def work(target: Target) -> list[Any]:
        return await (target.client.list_nodes if kind == "nodes" else target.client.list_devices)(PROJECT)

    return run(db, work)


def removed_before_page_one(monkeypatch: pytest.MonkeyPatch, kind: str, node_id: str) -> None:
    """Another writer removes connection `node_id` (with what it holds) just before page 1 of the
    `kind` list ("node", "device") is answered, once."""
    answer = SimBackend.page_text
    done: list[bool] = []

    def page_text(backend: SimBackend, listed: str, project_id: str, params: dict[str, str]) -> str:
        if listed == kind and params.get("pageNumber") == "1" and not done:
            done.append(True)
            backend.integrate(project_id, {"integration": {"nodeId": node_id, "changeState": "remove"}})
        return answer(backend, listed, project_id, params)

    monkeypatch.setattr(SimBackend, "page_text", page_text)


def test_a_connection_a_removal_moved_between_two_pages_stops_the_plan_instead_of_being_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "sim.db"
    before = len(listed(db, "nodes"))  # the demo's THREADs
    hand = hand_connections(db, PAGE - before)
    applied(db, site(connection("c1")))
    hand_connections(db, 10, prefix="later")  # the list goes on past page 1: a page cap shows itself
    assert listed(db, "nodes")[PAGE]["props"]["SERIAL_NO"] == "st:c1"  # first on page 1
    removed_before_page_one(monkeypatch, "node", hand[0])
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        plan_counting(db, site(connection("c1")), "GET /api/nodes/all")
    assert "the connection list of project" in str(stopped.value)
    # the one removed, and c1, live all along: read on neither page then
    assert "1 entity read then and gone now, 1 there now and not read then" in str(stopped.value)
    plan, _ = plan_counting(db, site(connection("c1")), "GET /api/nodes/all")
    assert not plan.summary.has_changes  # the writer is done: c1 is found, nothing to create


def test_a_device_a_removal_moved_between_two_pages_is_not_created_while_it_carries_the_ref_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's THREADs go unread, so a plan creating a device reads the project's device list
    for a live carrier of its refId (A1++): the carrier moved between two pages went unseen."""
    db = tmp_path / "sim.db"
    applied(db, site(connection("c1", "d1")))
    [first] = hand_connections(db, 1, devices=1, prefix="a")
    hand_connections(db, 1, devices=PAGE - 2, prefix="b")
    carrier = hand_device("st:c1/d2", "d2 copy")
    integrate(db, {"changeState": "new", "refId": "c:0", "props": {"NAME": "c 0"}, "devices": [carrier]})
    hand_connections(db, 1, devices=10, prefix="later")  # the list goes on past page 1
    assert listed(db, "devices")[PAGE]["props"]["SERIAL_NO"] == "st:c1/d2"  # first on page 1
    removed_before_page_one(monkeypatch, "device", first)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        plan_counting(db, site(connection("c1", "d1", "d2")), "GET /api/devices/all")
    assert "GET /api/devices/all of project" in str(stopped.value)


def test_only_a_plan_creating_in_a_list_read_in_pages_reads_it_again(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    nodes = "GET /api/nodes/all"
    applied(db, site(connection("c1")))
    _, few = plan_counting(db, site(connection("c1"), connection("c2")), nodes)
    # one page shorter than asked and the empty one ending it: the cap may be unseen, so
    # read again (2 more) since c2 is created
    assert few == 4
    hand_connections(db, PAGE)
    quiet, once = plan_counting(db, site(connection("c1")), nodes)
    assert not quiet.summary.has_changes
    creating, twice = plan_counting(db, site(connection("c1"), connection("c2")), nodes)
    assert [change.address for change in creating.changes if change.action is Action.CREATE] == ["c2"]
    assert twice == 2 * once  # read again, once


def added_at_the_end(monkeypatch: pytest.MonkeyPatch, made: list[str]) -> None:
    """Another tool adds a connection just before the empty page ending the node list is answered,
    once: the first read does not hold it, the second does."""
    answer = SimBackend.page_text

    def page_text(backend: SimBackend, listed: str, project_id: str, params: dict[str, str]) -> str:
        if listed == "node" and params.get("pageNumber") == "2" and not made:
            body = {"changeState": "new", "refId": "late:0", "props": {"NAME": "late 0"}}
            made.append(backend.integrate(project_id, {"integration": body})["integration"]["node"]["id"])
        return answer(backend, listed, project_id, params)

    monkeypatch.setattr(SimBackend, "page_text", page_text)


def test_a_list_that_only_grew_meanwhile_does_not_stop_the_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entity added moves items forward, never one back across a page's end: nothing is hidden,
    so a project where other tools keep adding does not refuse every plan that creates."""
    db = tmp_path / "sim.db"
    applied(db, site(connection("c1")))
    hand_connections(db, PAGE)
    made: list[str] = []
    added_at_the_end(monkeypatch, made)
    plan, requests = plan_counting(db, site(connection("c1"), connection("c2")), "GET /api/nodes/all")
    assert made and requests == 6  # the other tool added between the read and the one again
    assert [change.address for change in plan.changes if change.action is Action.CREATE] == ["c2"]


def test_drift_reporting_a_device_missing_from_a_paged_list_that_lost_an_entity_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """c1/d2 is missing indeed, but the device list lost an entity between two pages: what it hid is
    unknown, so drift stops as a plan creating c1/d2 does, rather than report what may be live
    (tests/e2e/test_drift_paging_races.py)."""
    db = tmp_path / "sim.db"
    applied(db, site(connection("c1", "d1")))
    [first] = hand_connections(db, 1, devices=1, prefix="a")
    hand_connections(db, 1, devices=PAGE + 10, prefix="b")
    removed_before_page_one(monkeypatch, "device", first)

    async def work(target: Target) -> Report:
        desired = desired_state(load(site(connection("c1", "d1", "d2"))))
        return await drift_command(target, DriftRequest([("site.yaml", desired)]), {})

    with pytest.raises(PlatformError, match="entities were removed while drift read these lists in pages"):
        run(db, work)
