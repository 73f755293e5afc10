"""A count read asks JSON-RPC for at most COUNTS_PER_CALL ids at a time, each answer kept only as ids
and counts until the next part is asked (a sweeping change of 100,000 sensors held ~350 MiB of
decoded objects at once), and reads what the parts answer as one answer would be read."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.live import counts
from iotplan.live.counts import fill_counts
from iotplan.live.model import LiveEntity


class Recording:
    """Answers each sensor asked with its `held` count (and `extra` items besides), noting each call's ids."""

    def __init__(self, held: dict[str, int], extra: list[dict[str, Any]] | None = None) -> None:
        self.held, self.extra, self.calls = held, extra or [], []  # type: ignore[var-annotated]

    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        return []

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        return []

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        asked = list(sensor_ids)
        self.calls.append(asked)
        answer = [{"id": each, "props": {"OBSERVATION_COUNT": self.held[each]}} for each in asked]
        return answer + (self.extra if len(self.calls) == 2 else [])


def sensors(count: int) -> list[LiveEntity]:
    return [LiveEntity(f"s{index}", {}) for index in range(count)]


def test_ids_are_asked_in_parts_and_every_count_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counts, "COUNTS_PER_CALL", 2)
    taken = sensors(5)
    reader = Recording({sensor.id: index * 10 for index, sensor in enumerate(taken)})
    assert asyncio.run(fill_counts(reader, [], taken)) == 5
    assert [len(call) for call in reader.calls] == [2, 2, 1]
    assert [sensor.observations for sensor in taken] == [0, 10, 20, 30, 40]


def test_an_id_answered_in_two_parts_has_no_count(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The second part answers s0 again (asked in the first) with another count: neither is taken."""
    monkeypatch.setattr(counts, "COUNTS_PER_CALL", 2)
    taken = sensors(3)
    reader = Recording({"s0": 0, "s1": 1, "s2": 2}, extra=[{"id": "s0", "props": {"OBSERVATION_COUNT": 7}}])
    assert asyncio.run(fill_counts(reader, [], taken)) == 2
    assert [sensor.observations for sensor in taken] == [None, 1, 2]
    assert "answered 1 entity more than once" in caplog.text
