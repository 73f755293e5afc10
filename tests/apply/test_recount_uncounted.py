"""A removal counted again whose sensor's count cannot be read now: said as such, apart from what
changed; only that found, nothing says the platform changed, and the recount says so as an error."""

from __future__ import annotations

import re

import pytest

from iotplan.apply.recount import taking_more_now
from iotplan.errors import IotplanError
from iotplan.live.model import LiveConnection
from tests.apply.test_recount import dam_a, device_removal

UNREAD = (
    "remove dam-a/logger-9: the counts of 1 sensor it takes (dam-a/logger-9/pz-1), read when reviewed, "
    "cannot be read now"
)


def uncounted_pz_1(*others: tuple[str, int]) -> dict[str, LiveConnection]:
    fresh = dam_a(("pz-1", 0), *others)
    [sensor, *_] = fresh["id-dam-a"].sensors["dev-9"]
    del sensor.props["OBSERVATION_COUNT"]  # JSON-RPC did not answer for it
    return fresh


def test_a_count_that_cannot_be_read_now_is_no_change_of_the_platform() -> None:
    with pytest.raises(
        IotplanError,
        match="^"
        + re.escape(
            f"{UNREAD}: unknown, treated as holding data. Either JSON-RPC did not answer for them, and "
            "nothing says"
        ),
    ):
        taking_more_now(device_removal(), uncounted_pz_1())


def test_beside_a_change_it_is_said_apart_from_it() -> None:
    assert taking_more_now(device_removal(), uncounted_pz_1(("pz-2", 0))) == {
        "dam-a": [
            "remove dam-a/logger-9: 1 entity not reviewed would go with it (dam-a/logger-9/pz-2)",
            UNREAD,
        ]
    }
