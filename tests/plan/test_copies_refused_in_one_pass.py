"""A fleet whose every device has a web-app copy carrying its refId: each write is refused, naming
the copy, in one pass over the plan. Counted, never timed: each refused write searched the whole
plan twice before (7 s for 4,000 devices before the refusal printed)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

import iotplan.plan.carriers
import iotplan.plan.diff
from iotplan.errors import PlanError
from iotplan.plan.address import Address
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import PROJECT, load, plan_for

SIZE = 200


def _fleet(size: int, name: str) -> str:
    devices = "".join(
        f"          - key: logger-{each}\n            name: {name} {each}\n" for each in range(size)
    )
    return (
        f"apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: dam-a\n        name: Dam A\n        devices:\n{devices}"
    )


def _work_to_refuse_the_renames(size: int, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """How many refIds were folded and addresses compared to refuse renaming each device of a
    fleet whose every device has a copy, and what the refusal says."""
    live = applied(load(_fleet(size, "Logger")))
    connection = next(iter(live.projects[PROJECT].connections.values()))
    for each in range(size):
        device = find(live, f"site:dam-a/logger-{each}")
        copy_id = device.id.replace("dynamic/", "dynamic/C").replace("/device", "1/device")
        connection.devices.append(dataclasses.replace(device, id=copy_id))
    work = [0]

    def counting(function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any) -> Any:
            work[0] += 1
            return function(*args)

        return counted

    for folding in (iotplan.plan.diff, iotplan.plan.carriers):  # the differ, and the carriers it gathers
        monkeypatch.setattr(folding, "fold_ref_id", counting(folding.fold_ref_id))
    monkeypatch.setattr(Address, "is_within", counting(Address.is_within))
    with pytest.raises(PlanError) as refused:
        plan_for(load(_fleet(size, "Crest logger")), live)
    monkeypatch.undo()
    return work[0], str(refused.value)


def test_each_renamed_device_of_a_copied_fleet_is_refused_naming_its_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work, refusal = _work_to_refuse_the_renames(SIZE, monkeypatch)
    for each in (0, SIZE - 1):
        assert (
            f"dam-a/logger-{each}: would update by its refId 'site:dam-a/logger-{each}', which "
            f"dam-a/logger-{each}#"
        ) in refusal
    assert work <= 30 * SIZE, work


def test_the_work_to_refuse_grows_with_the_fleet_not_its_square(monkeypatch: pytest.MonkeyPatch) -> None:
    small, _ = _work_to_refuse_the_renames(SIZE // 2, monkeypatch)
    large, _ = _work_to_refuse_the_renames(SIZE, monkeypatch)
    assert large <= 2.5 * small, (small, large)
