"""The props a plan keeps for apply's check of what an update dropped (`PropsRead`) are found for a
sensor as for its connection and device: every sensor read under a connection, not its devices' alone."""

from __future__ import annotations

from iotplan.commands.plan import PropsRead
from iotplan.plan.model import ManifestSource, Plan
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import load


def test_props_read_keeps_every_sensors_props() -> None:
    live = applied(load())
    connection, device, sensor = (
        find(live, f"site:{at}") for at in ("dam-a", "dam-a/logger-1", "dam-a/logger-1/pz-1")
    )
    read = PropsRead(of=frozenset({connection.id, device.id, sensor.id}))

    read.fill(live, Plan(target="test", stack="site", manifest=ManifestSource("site.yaml", "digest")))

    assert read.props == {each.id: each.props for each in (connection, device, sensor)}
