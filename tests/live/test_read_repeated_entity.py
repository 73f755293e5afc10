"""A connection's answer holding one entity twice (a sensor twice in its device group, in two groups,
a device group repeated) stops the read, naming the request, as the paged lists stop on a repeat:
read as two, the plan called them duplicates and advised removing one in the web app, the only copy
(fz49 #4)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlatformError
from tests.live.test_read_incomplete_answers import DEVICE, NODE, SENSOR, read

OTHER = {**DEVICE, "id": f"{NODE['id']}/dynamic/00000E/device"}


def groups(*each: tuple[dict[str, Any], list[dict[str, Any]]]) -> dict[str, Any]:
    return {"integration": {"node": NODE, "devices": [{"device": d, "sensors": s} for d, s in each]}}


REPEATS = {
    "sensor-twice-in-its-group": (groups((DEVICE, [SENSOR, SENSOR])), SENSOR["id"]),
    "sensor-in-two-groups": (groups((DEVICE, [SENSOR]), (OTHER, [SENSOR])), SENSOR["id"]),
    "device-group-twice": (groups((DEVICE, [SENSOR]), (DEVICE, [])), DEVICE["id"]),
}


@pytest.mark.parametrize(("answer", "repeated"), REPEATS.values(), ids=REPEATS.keys())
def test_an_entity_answered_twice_stops_the_read_naming_the_request(answer: Any, repeated: str) -> None:
    with pytest.raises(PlatformError) as stopped:
        read(answer)
    assert str(stopped.value) == (
        f"POST /api/integrations/{{nodeId}} of {NODE['id']} answered {repeated} twice: a connection holds "
        "each entity once, and an answer repeating one may have left another out, so iotplan cannot read "
        "it safely"
    )


def test_each_entity_once_reads_as_before() -> None:
    read(groups((DEVICE, [SENSOR]), (OTHER, [{**SENSOR, "id": f"{OTHER['id']}/00000F/sensor"}])))
