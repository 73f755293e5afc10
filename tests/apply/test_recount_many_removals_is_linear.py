"""Recounting a plan's removals finds each in the fresh read by its id once: removing 16,000
sensors of one device scanned the device's sensors for each (9.8 s before the first write).
Counted in id comparisons, which a scan per removal multiplies."""

from __future__ import annotations

from iotplan.apply.recount import taking_more_now
from iotplan.live.model import LiveConnection, LiveEntity
from iotplan.plan.model import Action
from tests.render.plans import PROJECT, change, in_sync, plan

SENSORS = 2_000
REASON = "not in the manifest; owned by stack dams"


class Counted(str):
    """A live id that counts the comparisons made with it."""

    __slots__ = ()
    compared = 0

    def __eq__(self, other: object) -> bool:
        Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_removing_every_sensor_of_a_large_device_is_recounted_in_comparisons_linear_in_them() -> None:
    ids = [Counted(f"s-{index}") for index in range(SENSORS)]
    removals = [
        change(f"dam-a/logger-9/s{index}", Action.REMOVE, REASON, live_id=Counted(ids[index]))
        for index in range(SENSORS)
    ]
    removing = plan(
        in_sync("dam-a"), change("dam-a/logger-9", Action.NOOP, "in sync", live_id="dev-9"), *removals
    )
    connection = LiveConnection(LiveEntity("id-dam-a", {"SERIAL_NO": "dams:dam-a"}), PROJECT)
    connection.devices.append(LiveEntity("dev-9", {"SERIAL_NO": "dams:dam-a/logger-9"}, "id-dam-a"))
    connection.sensors["dev-9"] = [
        LiveEntity(
            ids[index], {"SERIAL_NO": f"dams:dam-a/logger-9/s{index}", "OBSERVATION_COUNT": 0}, "dev-9"
        )
        for index in range(SENSORS)
    ]
    Counted.compared = 0
    assert taking_more_now(removing, {"id-dam-a": connection}) == {}
    assert Counted.compared <= 4 * SENSORS
