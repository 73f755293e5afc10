"""The work a plan does grows with the plan, not with its square: counted, never timed.
Each count was the square of the plan's size before."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

import iotplan.plan.diff
import iotplan.plan.select
from iotplan.errors import SelectionError
from iotplan.live import LiveEntity, LiveState
from iotplan.plan.address import Address
from iotplan.plan.diff import _Differ
from iotplan.plan.model import Action
from iotplan.plan.select import select_changes
from tests.guards.fleet import one_logger
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import load, plan_for
from tests.render.plans import change

SIZE = 300


class Counter:
    def __init__(self) -> None:
        self.count = 0

    def counting(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return function(*args, **kwargs)

        return counted


def _replaced_devices(size: int) -> list:
    """A template change across the fleet: every device replaced, its sensor created again with it."""
    return [
        each
        for device in range(size)
        for each in (
            change(f"dam-a/logger-{device}", Action.REPLACE, "the template changes"),
            change(f"dam-a/logger-{device}/pz-1", Action.CREATE, "created with its device"),
        )
    ]


def test_an_exclude_among_many_replacements_compares_no_address_with_every_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changes = _replaced_devices(SIZE)
    within = Counter()
    monkeypatch.setattr(Address, "is_within", within.counting(Address.is_within))
    with pytest.raises(SelectionError, match="dam-a/logger-1: its replace would destroy dam-a/logger-1/pz-1"):
        select_changes(changes, [], ["dam-a/logger-1/pz-1"])
    assert len(select_changes(changes, [], ["dam-a/logger-1"])) == len(changes) - 2
    assert within.count <= len(changes), within.count


def test_many_targets_try_each_address_only_against_those_that_could_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    changes = [change(f"dam-{site}/logger-1", Action.CREATE, "not on the platform") for site in range(SIZE)]
    targets = [f"dam-{site}" for site in range(SIZE)]
    excludes = [f"dam-{site}/*" for site in range(0, SIZE, 2)]
    tried = Counter()
    monkeypatch.setattr(iotplan.plan.select, "fnmatchcase", tried.counting(iotplan.plan.select.fnmatchcase))
    selected = select_changes(changes, targets, excludes)
    assert [each.address for each in selected] == [f"dam-{site}/logger-1" for site in range(1, SIZE, 2)]
    assert tried.count <= 20 * len(changes), tried.count


def _copies_of_each_sensor(size: int) -> tuple[str, LiveState]:
    """One declared device with `size` sensors, and a web-app copy of the device beside it holding a
    copy of each (the copy keeps their SERIAL_NO)."""
    manifest = one_logger([f"{{key: s{each}, template: TEMPERATURE_SDE}}" for each in range(size)])
    live = applied(load(manifest))
    logger = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    device = LiveEntity(f"{logger.parent_id}/dynamic/834BB3/device", {"SERIAL_NO": "ot2"}, logger.parent_id)
    connection.devices.append(device)
    connection.sensors[device.id] = [
        LiveEntity(
            f"{device.id}/{each:06X}/sensor",
            dict(find(live, f"site:dam-a/logger-1/s{each}").props),
            device.id,
        )
        for each in range(size)
    ]
    return manifest, live


def test_each_copy_takes_its_orphans_place_without_a_search_of_the_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    manifest, live = _copies_of_each_sensor(SIZE)
    walked = Counter()

    def counted_enumerate(items: Iterable[Any], start: int = 0) -> Iterator[tuple[int, Any]]:
        for each in builtins.enumerate(items, start):
            walked.count += 1
            yield each

    monkeypatch.setattr(iotplan.plan.diff, "enumerate", counted_enumerate, raising=False)
    plan = plan_for(load(manifest), live)
    assert sum(change.action is Action.DUPLICATE for change in plan.changes) == SIZE
    assert walked.count <= 10 * len(plan.changes)


def test_a_plan_that_left_nothing_unread_looks_for_no_copy_outside_the_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One run reads every API connection: with no undeclared THREAD there is nothing unread, so the
    writes are not walked for refIds to look for there, nor the changes for those found live."""
    manifest = load()
    live = applied(manifest)
    written, found = Counter(), Counter()
    monkeypatch.setattr(_Differ, "_written_by_ref_id", written.counting(_Differ._written_by_ref_id))
    monkeypatch.setattr(_Differ, "_found_live", found.counting(_Differ._found_live))
    find(live, "site:dam-a/logger-1").props["NAME"] = "Logger (renamed in the web app)"
    plan = plan_for(manifest, live)
    assert any(change.action is Action.UPDATE for change in plan.changes)
    assert (written.count, found.count) == (0, 0)
