"""`LiveConnection.every_sensor` is each sensor read under the connection once, device by device in
the read's order, a device without sensors adding none; a fresh list, so a caller may change it."""

from __future__ import annotations

from iotplan.live.model import LiveConnection, LiveEntity


def _sensor(sensor_id: str, parent_id: str) -> LiveEntity:
    return LiveEntity(sensor_id, {}, parent_id)


def test_every_sensor_device_by_device_in_the_read_order() -> None:
    d1, d2, d3 = (LiveEntity(f"/d/{n}", {}) for n in (1, 2, 3))
    s1, s2, s3 = _sensor("/s/1", d1.id), _sensor("/s/2", d1.id), _sensor("/s/3", d3.id)
    connection = LiveConnection(
        LiveEntity("/c", {}), "p", [d1, d2, d3], {d3.id: [s3], d1.id: [s1, s2], d2.id: []}
    )

    every = connection.every_sensor()
    every.append(_sensor("/s/4", d1.id))

    assert [each.id for each in connection.every_sensor()] == ["/s/3", "/s/1", "/s/2"]


def test_every_sensor_of_a_connection_without_any() -> None:
    assert LiveConnection(LiveEntity("/c", {}), "p", [LiveEntity("/d/1", {})]).every_sensor() == []
