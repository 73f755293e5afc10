"""One rule for an OBSERVATION_COUNT, whether REST answered it (live/model.py) or JSON-RPC filled it in
(live/counts.py): a whole number from 0 is a count; anything else says nothing of what a removal
destroys, so the count is unknown, and a removal then needs --allow-destroy."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.errors import PlatformError, TransportError
from iotplan.live.counts import fill_counts
from iotplan.live.model import LiveEntity
from iotplan.plan.model import Action
from tests.guards.fleet import DAM_A, connection_of, live_fleet, manifest, plan_for, writes

COUNTS = [
    (0, 0),
    (12, 12),
    (12.0, 12),  # a number JSON wrote with a fraction of nothing
    ("12", 12),
    (-1, None),
    (-1.0, None),  # a negative whole number JSON wrote with a fraction
    (-0.0, 0),
    (2.5, None),
    ("-3", None),
    ("12.0", None),
    ("²", None),  # a digit to str.isdigit, none to int(): unknown, never a crash
    ("١٢", None),  # digits of another script, which int() would read as 12
    ("twelve", None),
    ("", None),
    (True, None),
    (None, None),
    (float("nan"), None),
    (float("inf"), None),
    ([12], None),
]


class Answering:
    """A JSON-RPC reader answering each entity with `count`."""

    def __init__(self, count: Any) -> None:
        self.count = count

    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        return []

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        return []

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        return [{"id": each, "props": {"OBSERVATION_COUNT": self.count}} for each in sensor_ids]


@pytest.mark.parametrize(("answered", "count"), COUNTS, ids=repr)
def test_a_count_is_a_whole_number_from_zero_else_unknown_whoever_answered_it(
    answered: Any, count: int | None
) -> None:
    from_rest = LiveEntity("s", {"OBSERVATION_COUNT": answered})
    assert from_rest.observations == count
    from_json_rpc = LiveEntity("s", {})
    found = asyncio.run(fill_counts(Answering(answered), [], [from_json_rpc]))
    assert (found, from_json_rpc.observations) == (int(count is not None), count)


def test_a_connection_whose_sensor_reports_a_negative_count_is_not_removed_without_allow_destroy() -> None:
    """The count read as 0 made the removal of dam-b look harmless: no --allow-destroy, 'Verified'."""
    live = live_fleet()
    for group in connection_of(live, "site:dam-b").sensors.values():
        group[0].props["OBSERVATION_COUNT"] = -1
    plan = plan_for(manifest(DAM_A), live)
    assert writes(plan) == [("dam-b", Action.REMOVE)]
    [removal] = plan.writes
    assert removal.observations_unknown and removal.destroys_data


class Failing:
    """A JSON-RPC reader whose reads fail with `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        raise self.error

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        raise self.error


NOBODY_THERE = TransportError("JSON-RPC getSensors to ws://127.0.0.1:4201 got no answer (could not connect)")
REFUSED = PlatformError("JSON-RPC getSensors was refused: -32004 not permitted")


@pytest.mark.parametrize(("error", "hinted"), [(NOBODY_THERE, True), (REFUSED, False)])
def test_a_json_rpc_read_nobody_answers_leaves_counts_unknown_and_says_where_to_point_it(
    caplog: pytest.LogCaptureFixture, error: Exception, hinted: bool
) -> None:
    sensor = LiveEntity("s1", {})
    assert asyncio.run(fill_counts(Failing(error), [], [sensor])) == 0
    assert sensor.observations is None
    [warning] = caplog.messages
    said = f"observation counts could not be read through JSON-RPC ({error}): they stay unknown"
    assert warning.startswith(f"{said}, treated as holding data")
    # `--rpc-endpoint` alone is refused: each is advised beside its REST half, so it works as said.
    pointed = "with --rpc-endpoint beside --endpoint, or IOTPLAN_RPC_ENDPOINT beside IOTPLAN_ENDPOINT"
    assert (pointed in warning) is hinted
