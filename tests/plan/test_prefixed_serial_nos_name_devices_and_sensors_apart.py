"""`Prefixed.serial_nos` counted what carries the stack's prefix beneath an entity as sensors: beneath
a connection, its devices were called sensors (`its 2 sensors` for a device and a sensor), so each
caller holding a connection counted and worded them again itself. It now counts each by what it is."""

from __future__ import annotations

from iotplan.plan.prefixed import Prefixed


def test_devices_and_sensors_beneath_are_named_apart() -> None:
    without = "SERIAL_NOs that do not start with 'multi-site:'"
    carried = Prefixed("multi-site", carried=True, sensors=2, devices=1)
    assert carried.serial_nos("it") == f"give it and its 1 device and 2 sensors {without}"
    beneath = Prefixed("multi-site", sensors=0, devices=2)
    assert beneath.serial_nos("them") == f"give them another SERIAL_NO and their 2 devices {without}"
    assert Prefixed("multi-site", sensors=1).serial_nos("it") == (
        f"give it another SERIAL_NO and its 1 sensor {without}"
    )


def test_a_device_with_sensors_not_read_names_those_that_may_carry_the_prefix() -> None:
    """A count of the sensors read leaves out those never read (`unread`): any may carry it."""
    beneath = "those of its sensors whose SERIAL_NOs start with 'multi-site:'"
    without = "SERIAL_NOs that do not start with 'multi-site:'"
    assert Prefixed("multi-site", carried=True, sensors=1, unread=True).serial_nos("it") == (
        f"give it, and {beneath}, {without}"
    )
    assert Prefixed("multi-site", unread=True).serial_nos("it") == (
        f"give it another SERIAL_NO, and {beneath} {without}"
    )
