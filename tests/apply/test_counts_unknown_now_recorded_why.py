"""The count read that leaves a count unknown records why, where it knows, for a refusal to advise
by (live/counts.py `why_uncounted`): JSON-RPC out of reach (run it again once it answers), a 0 beside
a LAST_OBSERVATION (an upload not counted yet: plan again), JSON-RPC's counts not held against REST's
(another platform?). A count left unknown for another cause (answered twice) records none: the
refusal then says the three causes together. Each read says why of what it asked for: what an
earlier read recorded of it goes, and what it did not ask for stays."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from iotplan.live.counts import count_through_rpc, why_uncounted_under
from iotplan.live.model import LiveConnection, Uncounted
from tests.live.test_counts_behind_their_connection import SOURCES, Reported, site
from tests.live.test_observation_counts import NOBODY_THERE, Failing


def why(connection: LiveConnection) -> tuple[Uncounted | None, ...]:
    return why_uncounted_under(connection, connection.sensors["logger"])


def test_json_rpc_out_of_reach_is_recorded() -> None:
    connection = site(50, 0, 0)
    asyncio.run(count_through_rpc(Failing(NOBODY_THERE), [connection], SOURCES))
    assert why(connection) == (Uncounted.NO_ANSWER,)


def test_a_0_json_rpc_gives_beside_a_last_observation_is_recorded_as_an_upload_not_counted_yet() -> None:
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported("s0", "s1"), [connection], SOURCES)) == 0
    assert why(connection) == (Uncounted.NOT_COUNTED_YET,)


def test_json_rpc_counts_not_held_against_rests_are_recorded() -> None:
    """A copy of the platform, where the sensors never reported: 0 without LAST_OBSERVATION."""
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported(connection=0), [connection], SOURCES)) == 0
    assert why(connection) == (Uncounted.NOT_HELD,)


class AnsweredTwice(Reported):
    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        return 2 * await super().get_sensors(sensor_ids)


def test_a_count_unknown_for_a_cause_the_read_does_not_name_records_none() -> None:
    connection = site(50, 0, 0)
    asyncio.run(count_through_rpc(AnsweredTwice(), [connection], SOURCES))
    assert why(connection) == (None,)


def test_a_read_that_answers_clears_what_an_earlier_one_recorded() -> None:
    """JSON-RPC out of reach, then answering (twice, so the counts stay unknown): "run it again once
    it answers" would be said of a JSON-RPC that answered."""
    connection = site(50, 0, 0)
    asyncio.run(count_through_rpc(Failing(NOBODY_THERE), [connection], SOURCES))
    asyncio.run(count_through_rpc(AnsweredTwice(), [connection], SOURCES))
    assert why(connection) == (None,)


def test_what_a_read_does_not_ask_for_keeps_its_cause() -> None:
    connection = site(50, 0, 0)
    asyncio.run(count_through_rpc(Failing(NOBODY_THERE), [connection], SOURCES))
    asyncio.run(count_through_rpc(AnsweredTwice(), [connection], SOURCES, removing=["s0"]))
    s0, s1 = connection.sensors["logger"]
    assert (why_uncounted_under(connection, [s0]), why_uncounted_under(connection, [s1])) == (
        (None,),
        (Uncounted.NO_ANSWER,),
    )
