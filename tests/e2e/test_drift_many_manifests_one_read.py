"""drift over many manifests of one project reads each of the project's lists once.

Only the connection list was shared: each manifest read the project's whole device and sensor lists
again, and read them a second time for its own MISSING or ORPHANED entries, one manifest after
another. 200 site manifests sent 400 + 400 list requests where 2 + 2 serve (a 100,000-sensor
project: 22,000 requests, 44 minutes at 500 a minute). Each manifest still sees what it saw read
alone. The fleet (`page-cap-100`) lists 100 devices of another tool's before the stack's five feeds.
"""

from __future__ import annotations

from collections import Counter
from itertools import chain
from pathlib import Path
from typing import Any

import pytest

from iotplan.clients.target import Target
from iotplan.commands.drift import DriftRequest, drift_command
from iotplan.errors import PlatformError
from iotplan.plan.desired import desired_state
from iotplan.plan.drift import Report, Status
from iotplan.render.drift_json import drift_to_dict
from tests.commands.test_paged_lists_read_again import connection, run, site
from tests.e2e.test_drift_paging_races import STOPPED
from tests.e2e.test_paging_races import FEEDS, LISTS, feed, fleet, removed_before_either_page_one
from tests.guards.fleet import PROJECT, load

__all__ = ["fleet"]  # the fixture, used by name
DEVICES, SENSORS = LISTS[1], LISTS[2]


def manifests() -> dict[str, str]:
    """The stack dropping c1 (ORPHANED, its 7,000 observations counted from the lists), and two
    stacks of the same project whose connections are not there (MISSING)."""
    return {
        "st.yaml": site(*map(feed, FEEDS[1:])),
        "other.yaml": site(connection("c9", "d0")).replace("stack: st", "stack: other"),
        "third.yaml": site(connection("c8")).replace("stack: st", "stack: third"),
    }


def drift(db: Path, named: dict[str, str]) -> tuple[Report, Counter[str]]:
    async def work(target: Target) -> tuple[Report, Counter[str]]:
        read = [(path, desired_state(load(text))) for path, text in named.items()]
        report = await drift_command(target, DriftRequest(read), {})
        return report, Counter(target.client.requests)  # type: ignore[attr-defined]

    return run(db, work)


def entries(report: Report) -> list[dict[str, Any]]:
    return list(drift_to_dict(report)["entries"])


def one_read_of_each(db: Path) -> Counter[str]:
    async def work(target: Target) -> Counter[str]:
        await target.client.list_devices(PROJECT)
        await target.client.list_sensors(PROJECT)
        return Counter(target.client.requests)  # type: ignore[attr-defined]

    return run(db, work)


def test_each_manifest_sees_what_it_saw_read_alone(fleet: tuple[Path, str]) -> None:
    db, _ = fleet
    together, _ = drift(db, manifests())
    alone = [entries(drift(db, {path: text})[0]) for path, text in manifests().items()]
    in_order = sorted(chain.from_iterable(alone), key=lambda entry: (entry["manifest"], entry["site"]))
    assert entries(together) == in_order
    found = {(e.manifest, e.address): e.status for e in together.entries if e.status is not Status.IN_SYNC}
    assert found == {("st.yaml", "c1"): Status.ORPHANED, ("other.yaml", "c9"): Status.MISSING} | {
        ("third.yaml", "c8"): Status.MISSING
    }
    [orphan] = [entry for entry in together.entries if entry.status is Status.ORPHANED]
    assert orphan.observations == 7000


def test_the_device_and_sensor_lists_are_read_once_for_every_manifest(fleet: tuple[Path, str]) -> None:
    """Three manifests, nothing in their report resting on the device and sensor lists (st in sync,
    the MISSING connections resting on the connection list alone): one read of each, was three."""
    db, _ = fleet
    once = one_read_of_each(db)
    other = site(connection("c9")).replace("stack: st", "stack: other")
    in_sync = {**manifests(), "st.yaml": site(*map(feed, FEEDS)), "other.yaml": other}
    report, requests = drift(db, in_sync)
    assert {entry.status for entry in report.entries if entry.manifest == "st.yaml"} == {Status.IN_SYNC}
    assert [requests[DEVICES], requests[SENSORS]] == [once[DEVICES], once[SENSORS]]


def test_the_lists_entries_rest_on_are_read_again_once_for_every_manifest(fleet: tuple[Path, str]) -> None:
    """st's ORPHANED c1 and other's MISSING c9/d0 both rest on the device list: it is read again once
    after every manifest is read, as for st's alone, not once for each manifest, one after the other."""
    db, _ = fleet
    once = one_read_of_each(db)
    _, requests = drift(db, manifests())
    assert [requests[DEVICES], requests[SENSORS]] == [2 * once[DEVICES], 2 * once[SENSORS]]
    _, alone = drift(db, {"st.yaml": manifests()["st.yaml"]})
    assert [alone[DEVICES], alone[SENSORS]] == [requests[DEVICES], requests[SENSORS]]


def test_a_list_read_again_once_for_every_manifest_still_stops_the_report_when_it_lost_an_entity(
    fleet: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one shared read missed st:c1's device, moved back across page 1 by another writer's removal:
    the single read again stops the report of all three manifests, as a manifest's own did."""
    db, first = fleet
    removed_before_either_page_one(monkeypatch, first)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        drift(db, manifests())
    assert f"GET /api/devices/all of project {PROJECT}: 1 entity read then and gone now" in str(stopped.value)
