"""The stack's devices and sensors under connections it neither owns nor declares (adopted by `id:`,
then dropped) were planned for removal in the order the platform listed those connections and their
devices. The platform keeps no order (docs/api-assumptions.md A5, variant unstable-list-order), so
two plans of one state read differently (fx357). They are planned by address, as the connections a
manifest no longer declares are."""

from __future__ import annotations

import json

from iotplan.live import LiveProject
from iotplan.render.json_plan import plan_to_json
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for

LOGGERS = "".join(f"          - key: lg-{n}\n            name: Logger {n}\n" for n in (7, 4, 1, 3))
SENSORS = "".join(
    f"              - key: s-{n}\n                template: TEMPERATURE_SDE\n" for n in (7, 4, 1)
)
HAND = "          - key: hand\n            name: Hand\n            sensors:\n" + SENSORS
DAM_B = "      - key: dam-b\n        name: Dam B\n        devices:\n" + LOGGERS + HAND
# Neither dam-a nor dam-b is declared any more: the manifest keeps one other connection.
KEPT = MANIFEST.split("      - key: dam-a")[0] + "      - key: dam-z\n        name: Dam Z\n"


def _adopted_then_dropped(project: LiveProject) -> None:
    """Each connection as one the stack adopted by `id:` and no longer declares: not its own, nor
    is the device `hand` (a person's, holding the stack's sensors)."""
    for connection in project.connections.values():
        connection.node.props.pop("SERIAL_NO", None)
        for device in connection.devices:
            if device.ref_id == "site:dam-b/hand":
                device.props.pop("SERIAL_NO")
        project.strays[connection.node.id] = connection
    project.connections = {}


def _reordered(project: LiveProject) -> None:
    """The platform's next listing, in another order: connections, devices and sensors."""
    project.strays = dict(reversed(project.strays.items()))
    for connection in project.strays.values():
        connection.devices.reverse()
        for sensors in connection.sensors.values():
            sensors.reverse()


def test_strays_listed_in_another_order_plan_alike() -> None:
    live = applied(load(MANIFEST.replace("        devices:\n", "        devices:\n" + LOGGERS) + DAM_B))
    project = live.projects[PROJECT]
    _adopted_then_dropped(project)
    plans = []
    for _ in range(2):
        plan = json.loads(plan_to_json(plan_for(load(KEPT), live)))
        plan.pop("read_at", None)
        plans.append(plan)
        _reordered(project)

    removed = [change["address"] for change in plans[0]["changes"] if change["action"] == "remove"]
    assert len(removed) == 12, removed
    assert plans[0]["changes"] == plans[1]["changes"], "the plans read differently"
    assert plans[0] == plans[1]
