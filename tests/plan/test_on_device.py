"""On-device planning: a THREAD finds its own node by serial and plans only that node's settings."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError, PlanError
from iotplan.live import GatewayStatus, LiveGateway
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredState, desired_state
from iotplan.plan.model import Action, PlanOptions
from iotplan.plan.on_device import made_on_device, on_device_plan, own_node

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
MANIFEST = f"""apiVersion: iotplan/v1
stack: site
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-a
        name: Dam A
      - key: north
        kind: thread
        id: /fn/4A1B2C/node
        edge:
          host: 192.0.2.10
          port1: {{baud_rate: 19200}}
          cloud_connection: true
      - key: south
        kind: thread
        id: /fn/5D6E7F/node
        edge:
          host: 192.0.2.11
          port2: {{baud_rate: 4800}}
"""


def desired(text: str = MANIFEST) -> DesiredState:
    return desired_state(parse_manifest(text, "site.yaml"))


def live(serial: str = "4A1B2C", **settings: object) -> LiveGateway:
    ports = frozenset({1, 2, 3})
    return LiveGateway("http://localhost", GatewayStatus.OK, serial=serial, settings=settings, ports=ports)


def test_a_thread_finds_its_node_by_serial_in_any_case() -> None:
    assert own_node(desired(), "5d6e7f").address == "south"


def test_a_serial_the_manifest_does_not_declare_is_an_error_naming_it() -> None:
    with pytest.raises(IotplanError) as error:
        own_node(desired(), "8A9B0C")
    assert str(error.value).startswith(
        "this THREAD reports serial 8A9B0C, and site.yaml declares no node /fn/8A9B0C/node"
    )


def test_only_this_threads_settings_are_planned() -> None:
    state = desired()
    plan = on_device_plan(
        state,
        own_node(state, "4A1B2C"),
        live(**{"port1.baud_rate": 9600, "cloud_connection": True}),
        PlanOptions(),
        target="the THREAD at http://localhost",
    )
    assert {change.address: change.action for change in plan.changes} == {
        "north/edge/port1.baud_rate": Action.UPDATE,
        "north/edge/cloud_connection": Action.NOOP,
    }
    assert plan.target_identity == "thread:4A1B2C" and made_on_device(plan)


def test_a_selection_narrows_the_on_device_plan_as_it_does_a_remote_one() -> None:
    state = desired()
    options = PlanOptions(excludes=("north/edge/port1.*",))
    plan = on_device_plan(
        state, own_node(state, "4A1B2C"), live(**{"port1.baud_rate": 9600}), options, target="t"
    )
    assert [change.address for change in plan.changes] == ["north/edge/cloud_connection"]


def test_a_port_this_model_lacks_is_no_safe_plan() -> None:
    state = desired()
    two_ports = LiveGateway("h", GatewayStatus.OK, serial="5D6E7F", ports=frozenset({1}))
    with pytest.raises(PlanError, match="south/edge/port2: this THREAD has no port 2"):
        on_device_plan(state, own_node(state, "5D6E7F"), two_ports, PlanOptions(), target="t")


@pytest.mark.parametrize("status", [s for s in GatewayStatus if s is not GatewayStatus.OK])
def test_a_thread_that_cannot_be_read_is_an_error_not_a_plan(status: GatewayStatus) -> None:
    state = desired()
    unread = LiveGateway("http://localhost", status, "why")
    with pytest.raises(IotplanError, match=f"this THREAD cannot be read \\({status}\\): why"):
        on_device_plan(state, own_node(state, "4A1B2C"), unread, PlanOptions(), target="t")


def test_a_node_without_edge_settings_plans_nothing() -> None:
    text = MANIFEST.replace(
        "      - key: south\n",
        "      - key: west\n        kind: thread\n        id: /fn/0A0B0C/node\n      - key: south\n",
    )
    state = desired(text)
    plan = on_device_plan(state, own_node(state, "0A0B0C"), live("0A0B0C"), PlanOptions(), target="t")
    assert plan.changes == () and not plan.summary.has_changes
