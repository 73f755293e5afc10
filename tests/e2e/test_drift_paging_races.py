"""drift under another writer's removal between the pages of a project's lists (A5).

Each item after the one removed moves back by one, and the item moved back across a page's end is
read on neither page. A plan reads such a list again where it creates or removes; drift read the same
lists and never again, so a declared device live all along was reported MISSING, critical, exit 2,
a nightly job paging someone for a device that exists, and an orphaned connection holding
7,000 observations "destroys none". drift now reads again the lists its MISSING and ORPHANED entries
rest on, and stops, as a plan does, when one lost an entity meanwhile: exit 1, an error, not drift.
The race is made as test_paging_races.py makes it: the emulator caps its pages at 100, and the
writer's removal runs just before a page 1 is answered.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
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
    listed,
    removed_before_page_one,
    run,
    site,
)
from tests.e2e.test_paging_races import FEEDS, LISTS, feed, fleet, removed_before_either_page_one
from tests.guards.fleet import PROJECT, load

STOPPED = "entities were removed while drift read these lists in pages"
__all__ = ["fleet"]  # the fixture, used by name


def drift_and_requests(db: Path, *manifests: str) -> tuple[Report, Counter[str]]:
    """The report of drift over `manifests` (texts), and the requests it made, by route."""

    async def work(target: Target) -> tuple[Report, Counter[str]]:
        read = [(f"site{number}.yaml", desired_state(load(text))) for number, text in enumerate(manifests)]
        report = await drift_command(target, DriftRequest(read), {})
        return report, Counter(target.client.requests)  # type: ignore[attr-defined]

    return run(db, work)


def statuses(report: Report) -> dict[str, Status]:
    return {entry.address: entry.status for entry in report.entries if entry.status is not Status.IN_SYNC}


def test_a_live_device_a_removal_moved_between_two_pages_is_not_reported_missing(
    fleet: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db, first = fleet
    feeds = site(*map(feed, FEEDS))
    report, _ = drift_and_requests(db, feeds)
    assert not report.drifted  # as read with no writer: st:c1/d0 opens page 1 of the device list
    removed_before_either_page_one(monkeypatch, first)
    manifest = tmp_path / "feeds.yaml"
    manifest.write_text(feeds)
    ran = CliRunner().invoke(cli, ["drift", str(manifest), "--sim-db", str(db)], catch_exceptions=False)
    # was: "MISSING device c1/d0: declared in the manifest, not on the platform", critical, exit 2
    assert ran.exit_code == 1, ran.output
    assert STOPPED in ran.stderr and "reported it MISSING" in ran.stderr
    assert f"GET /api/devices/all of project {PROJECT}: 1 entity read then and gone now" in ran.stderr
    assert "MISSING" not in ran.stdout
    report, _ = drift_and_requests(db, feeds)  # the writer is done: c1/d0 is found, as it was all along
    assert not report.drifted


def test_an_orphan_counted_from_lists_a_removal_changed_between_pages_is_not_reported_empty(
    fleet: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, first = fleet
    dropping_c1 = site(*map(feed, FEEDS[1:]))
    report, _ = drift_and_requests(db, dropping_c1)
    [orphan] = [entry for entry in report.entries if entry.status is Status.ORPHANED]
    assert orphan.address == "c1" and orphan.observations == 7000  # as read with no writer
    removed_before_either_page_one(monkeypatch, first)
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        drift_and_requests(db, dropping_c1)  # was: ORPHANED c1, its next apply destroying no observation
    assert f"GET /api/sensors/all of project {PROJECT}" in str(stopped.value)


def test_a_connection_a_removal_moved_between_two_pages_is_not_reported_missing_by_any_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two manifests of the project share one read of its connection list: it is read afresh to be
    compared, not handed back as it was read."""
    db = tmp_path / "sim.db"
    before = len(listed(db, "nodes"))  # the demo's THREADs
    hand = hand_connections(db, PAGE - before)
    applied(db, site(connection("c1")))
    hand_connections(db, 10, prefix="later")  # the list goes on past page 1: a page cap shows itself
    assert listed(db, "nodes")[PAGE]["props"]["SERIAL_NO"] == "st:c1"  # first on page 1
    other = site(connection("c9")).replace("stack: st", "stack: other")  # MISSING, truly
    removed_before_page_one(monkeypatch, "node", hand[0])
    with pytest.raises(PlatformError, match=STOPPED) as stopped:
        drift_and_requests(db, site(connection("c1")), other)  # c1 was MISSING
    assert f"the connection list of project {PROJECT}" in str(stopped.value)


def test_only_a_report_with_an_entry_resting_on_the_lists_reads_them_again(fleet: tuple[Path, str]) -> None:
    db, _ = fleet
    in_sync, once = drift_and_requests(db, site(*map(feed, FEEDS)))
    assert not statuses(in_sync)

    async def one_read_of_each(target: Target) -> Counter[str]:
        client = target.client
        await client.list_nodes(PROJECT)
        await client.list_devices(PROJECT)
        await client.list_sensors(PROJECT)
        return Counter(client.requests)

    read = run(db, one_read_of_each)
    assert [once[route] for route in LISTS] == [read[route] for route in LISTS]  # nothing more
    orphaned, again = drift_and_requests(db, site(*map(feed, FEEDS[1:])))
    assert statuses(orphaned) == {"c1": Status.ORPHANED}
    # the device and sensor lists read twice, the connection list, which the orphan's count does
    # not rest on, once: as by the report with nothing to read again
    assert [again[route] for route in LISTS] == [once[LISTS[0]], 2 * once[LISTS[1]], 2 * once[LISTS[2]]]
    assert sum(again.values()) == sum(once.values()) + once[LISTS[1]] + once[LISTS[2]]
