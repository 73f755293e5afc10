"""A THREAD's devices and sensors in the plan: found by the ids iotplan gives them, created and
updated like any entity, and never removed (the API documents no removal): kept and reported."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlanError
from iotplan.live import GatewayStatus, LiveConnection, LiveEntity, LiveGateway, LiveProject, LiveState
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredEntity, desired_state, walk
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Cause, Kind, Plan, PlanOptions
from iotplan.plan.props import platform_props

PROJECT = "p-1"
NODE = "/fn/6C7D8E/node"
LOGGER = f"{NODE}/dgsimlogger/032432/device"
SITE = f"""
apiVersion: iotplan/v1
stack: tunnel
projects:
  - id: {PROJECT}
    nodes:
      - key: thread
        kind: thread
        id: {NODE}
        name: Tunnel THREAD
        devices:
          - key: ipi
            type: DGSI_M_LOGGER
            serial: "032432"
            name: IPI chain
            port: 2
            mode: IPI_BIAXIAL
            zero_date: "2026-03-01T00:00:00Z"
            sensors:
              - {{key: tilt1, type: TILT_BIAXIAL_DGSI, mux_index: 1, name: Tilt 1}}
              - {{key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}}
"""


def desired(text: str = SITE) -> Any:
    return desired_state(parse_manifest(text, "site.yaml"))


def live_as_declared(state: Any, **overrides: Any) -> LiveConnection:
    """The THREAD as if the manifest had been applied, props as the JSON-RPC entities carry them:
    a logger and its sensors the serial in the logger's id as their SERIAL_NO."""
    node: DesiredEntity = state.nodes[0]
    connection = LiveConnection(LiveEntity(NODE, {"NAME": "Tunnel THREAD", "SERIAL_NO": "6C7D8E"}), PROJECT)
    for each in walk(node.children):
        props = platform_props(each.fields, lambda _: "", clear_metrics=False)
        props["SERIAL_NO"] = LOGGER.split("/")[-2]
        props.update(overrides.get(each.thread_id, {}))
        entity = LiveEntity(each.thread_id or "", props, None, each.template)
        if each.kind is Kind.DEVICE:
            connection.devices.append(entity)
            connection.sensors[entity.id] = []
        else:
            connection.sensors[LOGGER].append(entity)
    return connection


def planned(
    state: Any, connection: LiveConnection | None, options: PlanOptions | None = None, **kwargs: Any
) -> Plan:
    project = LiveProject(PROJECT, exists=True)
    if connection is not None:
        project.connections[connection.node.id] = connection
    return make_plan(state, LiveState("test", {PROJECT: project}, **kwargs), options or PlanOptions())


def test_a_thread_site_in_sync_plans_nothing() -> None:
    state = desired()
    plan = planned(state, live_as_declared(state))
    assert not plan.summary.has_changes and plan.summary.unchanged == 4


def test_a_missing_logger_is_created_with_its_sensors_at_the_ids_iotplan_gives_them() -> None:
    state = desired()
    connection = live_as_declared(state)
    connection.devices.clear()
    connection.sensors.clear()
    plan = planned(state, connection)
    creates = [c for c in plan.changes if c.action is Action.CREATE]
    assert [c.live_id for c in creates] == [LOGGER, f"{LOGGER}/tilt1/sensor", f"{LOGGER}/tilt2/sensor"]
    assert creates[0].template == "DGSI_M_LOGGER" and creates[0].after["port"] == 2
    assert creates[0].ref_id is None  # found by its id, never by a refId


def test_a_logger_renamed_on_the_platform_is_planned_back() -> None:
    state = desired()
    plan = planned(state, live_as_declared(state, **{LOGGER: {"NAME": "renamed by hand"}}))
    (update,) = plan.writes
    assert update.action is Action.UPDATE and update.live_id == LOGGER
    assert [(f.path, f.before, f.after) for f in update.fields] == [("name", "renamed by hand", "IPI chain")]


def test_a_zero_date_written_back_in_another_form_is_in_sync() -> None:
    state = desired()
    plan = planned(state, live_as_declared(state, **{LOGGER: {"ZERO_DATE": "2026-03-01T00:00:00.000Z"}}))
    assert not plan.summary.has_changes


def test_a_sensor_dropped_from_the_manifest_is_kept_and_says_it_cannot_be_removed() -> None:
    state = desired()
    connection = live_as_declared(state)
    dropped = SITE.replace(
        "              - {key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}\n", ""
    )
    plan = planned(desired(dropped), connection)
    (kept,) = [c for c in plan.changes if c.cause is Cause.NOT_REMOVABLE]
    assert kept.action is Action.UNMANAGED and kept.address == "thread/ipi/#tilt2"
    assert "documents no way to remove" in kept.reason
    assert not plan.writes and plan.summary.destroy == 0 and plan.summary.unmanaged == 1


def test_a_sensor_moved_to_another_logger_is_created_and_the_plan_says_its_history_stays_behind() -> None:
    state = desired()
    connection = live_as_declared(state, **{f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 500}})
    moved = SITE.replace(
        "              - {key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}\n", ""
    ) + (
        "          - key: ipi2\n            type: DGSI_M_LOGGER\n            port: 1\n            sensors:\n"
        "              - {key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 1, name: Tilt 2}\n"
    )
    plan = planned(desired(moved), connection)
    (created,) = [c for c in plan.changes if c.address == "thread/ipi2/tilt2"]
    assert created.action is Action.CREATE
    assert created.reason.endswith(
        "; thread/ipi/#tilt2 under another logger has its name and keeps its 500 observations: a THREAD "
        "sensor cannot move between loggers, so this one starts with no history"
    )


def test_a_declared_type_that_differs_from_the_live_one_is_refused() -> None:
    state = desired()
    connection = live_as_declared(state)
    connection.sensors[LOGGER][0] = LiveEntity(
        f"{LOGGER}/tilt1/sensor", {"NAME": "Tilt 1"}, None, "DEMO_SENSOR"
    )
    with pytest.raises(PlanError, match="is a DEMO_SENSOR, not a TILT_BIAXIAL_DGSI"):
        planned(state, connection)


def test_a_thread_that_is_not_on_the_platform_is_refused_unless_registered() -> None:
    with pytest.raises(PlanError, match="register: true"):
        planned(desired(), None)
    registered = SITE.replace(
        "        name: Tunnel THREAD\n", "        name: Tunnel THREAD\n        register: true\n"
    )
    plan = planned(
        desired(registered.replace("register: true", "register: true\n        version: v4_6")), None
    )
    node = plan.changes[0]
    assert node.action is Action.CREATE and node.live_id == NODE and node.after["version"] == "v4_6"
    assert plan.summary.add == 4


def test_a_registration_says_it_fails_if_the_thread_is_registered_in_another_project() -> None:
    """Only the node's project was read: "not on the platform" would claim more than it knows."""
    registered = SITE.replace(
        "name: Tunnel THREAD", "name: Tunnel THREAD\n        register: true\n        version: v4_6"
    )
    node = planned(desired(registered), None).changes[0]
    assert node.reason.startswith("not in this project; registered (register: true)")
    assert "if this THREAD is registered in another project, this fails" in node.reason


def test_a_thread_is_never_registered_beside_one_whose_id_differs_only_in_case() -> None:
    registered = SITE.replace(
        "        name: Tunnel THREAD\n",
        "        name: Tunnel THREAD\n        register: true\n        version: v4_6\n",
    )
    project = LiveProject(PROJECT, exists=True)
    lower = LiveConnection(LiveEntity("/fn/6c7d8e/node", {"SERIAL_NO": "6c7d8e"}), PROJECT)
    project.connections[lower.node.id] = lower
    for text in (SITE, registered):
        with pytest.raises(
            PlanError, match="but /fn/6c7d8e/node is: the same serial in another case"
        ) as error:
            make_plan(desired(text), LiveState("test", {PROJECT: project}), PlanOptions())
        assert "register: true" not in str(error.value)


@pytest.mark.parametrize(
    ("live_id", "shown"),
    [("/fn/\uff16C7D8E/node", "/fn/\\uff16C7D8E/node"), ("/fn/6C7D8E\u200b/node", "/fn/6C7D8E\\u200b/node")],
    ids=["full-width", "zero-width space"],
)
def test_a_thread_is_never_registered_beside_one_whose_id_folds_alike(live_id: str, shown: str) -> None:
    """A live THREAD node whose id differs from the declared one only in a full-width digit or a
    zero-width space, carrying no SERIAL_NO: compared with `.upper()`, it passed and a second THREAD
    node was registered beside it; a platform that folds ids as refIds are folded takes them for one."""
    registered = SITE.replace(
        "        name: Tunnel THREAD\n",
        "        name: Tunnel THREAD\n        register: true\n        version: v4_6\n",
    )
    project = LiveProject(PROJECT, exists=True)
    alike = LiveConnection(LiveEntity(live_id, {}), PROJECT)
    project.connections[alike.node.id] = alike
    with pytest.raises(
        PlanError, match="iotplan never registers a connection whose id differs only in"
    ) as error:
        make_plan(desired(registered), LiveState("test", {PROJECT: project}), PlanOptions())
    said = str(error.value)
    assert f'but "{shown}" is, differing from it only in ' in said, said
    assert "Write `id:" not in said and live_id not in said, said


ANOTHER_THREAD = LiveGateway("127.0.0.1:8404", GatewayStatus.MISMATCH, "identity mismatch", serial="6C7D8F")
WITH_EDGE = SITE.replace("devices:", "edge: {host: 127.0.0.1:8404}\n        devices:")


@pytest.mark.parametrize(
    "register", ["", "register: true\n        version: v4_6\n        "], ids=["unregistered", "registered"]
)
def test_a_thread_whose_gateway_reports_another_serial_is_neither_registered_nor_offered_to_be(
    register: str,
) -> None:
    text = WITH_EDGE.replace("name: Tunnel THREAD\n", f"{register}name: Tunnel THREAD\n")
    with pytest.raises(PlanError, match="reports serial 6C7D8F, not 6C7D8E: iotplan cannot be sure") as error:
        planned(desired(text), None, gateways={"thread": ANOTHER_THREAD})
    assert "register: true" not in str(error.value)


def test_no_platform_entity_of_a_thread_whose_gateway_reports_another_serial_is_written() -> None:
    state = desired(WITH_EDGE)
    renamed = live_as_declared(state, **{LOGGER: {"NAME": "renamed by hand"}})
    with pytest.raises(PlanError, match="writes none of its platform entities"):
        planned(state, renamed, gateways={"thread": ANOTHER_THREAD})
    in_sync = planned(state, live_as_declared(state), gateways={"thread": ANOTHER_THREAD})
    assert not in_sync.writes and in_sync.summary.refused == 1


def test_a_swapped_logger_is_refused_naming_the_swap_and_what_to_do() -> None:
    state = desired(SITE.replace('serial: "032432"', 'serial: "032499"'))
    with pytest.raises(
        PlanError, match=f"but {LOGGER} in the same place carries its name with serial 032432"
    ) as error:
        planned(state, live_as_declared(desired()))
    assert "either the logger was swapped" in str(error.value) and "another `name`" in str(error.value)


def test_a_logger_of_the_same_serial_under_another_id_is_an_earlier_copy() -> None:
    state = desired()
    connection = live_as_declared(state)
    copy = LOGGER.replace("/dgsimlogger/", "/dgsi_m_logger/")
    connection.devices[0] = LiveEntity(copy, {"NAME": "IPI chain"}, None, "DGSI_M_LOGGER")
    with pytest.raises(PlanError, match=f"likely an earlier copy .* Adopt it with `id: {copy}`") as error:
        planned(state, connection)
    assert "swapped" not in str(error.value)


def test_a_logger_on_a_port_the_thread_lacks_is_refused_once_the_gateway_answered() -> None:
    text = SITE.replace("devices:", "edge: {host: 127.0.0.1:8404}\n        devices:")
    state = desired(text)
    two_ports = LiveGateway("127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", ports=frozenset({1}))
    with pytest.raises(PlanError, match="port 2 is not a port of this THREAD"):
        planned(state, live_as_declared(state), gateways={"thread": two_ports})


RENAMED_KEY = SITE.replace("{key: tilt2,", "{key: tilt-2,")


def test_a_sensor_whose_key_was_renamed_is_refused_beside_the_kept_one_on_its_channel() -> None:
    connection = live_as_declared(desired(), **{f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 300}})
    with pytest.raises(PlanError) as error:
        planned(desired(RENAMED_KEY), connection)
    assert str(error.value).endswith(
        f"thread/ipi/tilt-2: mux_index 2 is the channel of thread/ipi/#tilt2 ({LOGGER}/tilt2/sensor, 300 "
        "observations), which the manifest does not declare: two sensors on one channel of a logger are "
        "never right. If this is that sensor under a new key, keep its history by giving this entry "
        f"`id: {LOGGER}/tilt2/sensor` (or its key back, `tilt2`); if that sensor is gone, remove it in the "
        "platform's web app first (the API documents no removal); or correct this entry's `mux_index`, "
        "or its logger's `serial`"
    )
    pinned = RENAMED_KEY.replace("{key: tilt-2,", f"{{key: tilt-2, id: {LOGGER}/tilt2/sensor,")
    assert not planned(desired(pinned), connection).summary.has_changes  # the way out it names


def test_a_sensor_moved_onto_the_channel_of_a_kept_one_is_refused() -> None:
    connection = live_as_declared(desired())
    dropped = SITE.replace(
        "              - {key: tilt2, type: TILT_BIAXIAL_DGSI, mux_index: 2, name: Tilt 2}\n", ""
    )
    with pytest.raises(PlanError, match="thread/ipi/tilt1: mux_index 2 is the channel of thread/ipi/#tilt2"):
        planned(desired(dropped.replace("mux_index: 1", "mux_index: 2")), connection)


TWO_LOGGERS = f"""
apiVersion: iotplan/v1
stack: dam
projects:
  - id: {PROJECT}
    nodes:
      - key: north
        kind: thread
        id: {NODE}
        devices:
          - key: up
            type: VW_LOGGER
            serial: "1001"
            port: 1
            sensors: [{{key: pz-up-1, type: VW_PIEZOMETER, mux_index: 1}}]
          - key: down
            type: VW_LOGGER
            serial: "1002"
            port: 2
            sensors: [{{key: pz-down-1, type: VW_PIEZOMETER, mux_index: 1}}]
"""


def test_loggers_whose_serials_were_swapped_are_refused_sensor_by_sensor_on_each_channel() -> None:
    connection = LiveConnection(LiveEntity(NODE, {}), PROJECT)
    for serial, sensor in (("1001", "pz-up-1"), ("1002", "pz-down-1")):
        logger = f"{NODE}/vwlogger/{serial}/device"
        connection.devices.append(LiveEntity(logger, {}, None, "VW_LOGGER"))
        connection.sensors[logger] = [LiveEntity(f"{logger}/{sensor}/sensor", {"MUX_INDEX": 1})]
    swapped = TWO_LOGGERS.replace('"1001"', '"x"').replace('"1002"', '"1001"').replace('"x"', '"1002"')
    with pytest.raises(PlanError) as error:
        planned(desired(swapped), connection)
    assert "north/up/pz-up-1: mux_index 1 is the channel of north/up/#pz-down-1" in str(error.value)
    assert "north/down/pz-down-1: mux_index 1 is the channel of north/down/#pz-up-1" in str(error.value)


def test_a_logger_on_a_port_the_thread_lacks_is_refused_saying_what_to_do() -> None:
    state = desired(SITE.replace("devices:", "edge: {host: 127.0.0.1:8404}\n        devices:"))
    two_ports = LiveGateway("127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", ports=frozenset({1}))
    with pytest.raises(PlanError) as error:
        planned(state, live_as_declared(state), gateways={"thread": two_ports})
    assert str(error.value).endswith(
        f"thread/ipi: port 2 is not a port of this THREAD (it has 1), though {LOGGER} is on port 2 on the "
        "platform: set the logger's `port` to the one it is plugged into, and the plan corrects the "
        "platform's device"
    )


ON_PORT_3 = SITE.replace("port: 2", "port: 3")
ASLEEP = LiveGateway("127.0.0.1:8404", GatewayStatus.ASLEEP, "asleep")


WITH_EDGE = ON_PORT_3.replace("devices:", "edge: {host: 127.0.0.1:8404}\n        devices:")


def unread(status: GatewayStatus) -> dict[str, LiveGateway]:
    return {"thread": LiveGateway("127.0.0.1:8404", status, str(status))}


@pytest.mark.parametrize(
    ("text", "gateways", "why", "todo"),
    [
        (WITH_EDGE, {"thread": ASLEEP}, "the gateway is asleep", "plan again once the gateway is awake"),
        (
            WITH_EDGE,
            unread(GatewayStatus.UNREACHABLE),
            "the gateway did not answer",
            "make the gateway reachable and plan again",
        ),
        (
            WITH_EDGE,
            unread(GatewayStatus.UNREADABLE),
            "the node's `edge` line shows the gateway's answer, which could not be read",
            "plan again once the gateway answers as its API documents",
        ),
    ],
    ids=["asleep", "unreachable", "unreadable"],
)
def test_a_new_logger_on_a_port_the_gateway_could_not_confirm_is_held_with_its_sensors_saying_why(
    text: str, gateways: dict[str, LiveGateway], why: str, todo: str
) -> None:
    connection = live_as_declared(desired())
    connection.devices.clear()
    connection.sensors.clear()
    plan = planned(desired(text), connection, gateways=gateways)
    held = [c for c in plan.changes if c.address.startswith("thread/ipi")]
    assert [(c.address, c.action, c.cause) for c in held] == [
        (address, Action.PENDING, Cause.PORT_UNCONFIRMED)
        for address in ("thread/ipi", "thread/ipi/tilt1", "thread/ipi/tilt2")
    ]
    assert held[0].reason == (
        "not on the platform; held, not created: port 3 is not confirmed and some THREAD models have two "
        "ports; a logger created on a port its THREAD lacks cannot be removed through the API, so iotplan "
        f"does not guess; {todo}, since {why}"
    )
    assert held[1].reason == "not on the platform; held with thread/ipi, whose port is not confirmed"
    assert not plan.writes and plan.summary.pending == len(held) + len(gateways)


def test_a_new_logger_on_port_3_of_a_node_with_no_edge_block_is_created_saying_its_port_is_unconfirmed() -> (
    None
):
    """Its gateway is never asked, so the port could never be confirmed: holding it would hold it for
    good. It is created as before, its line saying so."""
    connection = live_as_declared(desired())
    connection.devices.clear()
    connection.sensors.clear()
    plan = planned(desired(ON_PORT_3), connection)
    created = [c for c in plan.changes if c.address.startswith("thread/ipi")]
    assert [(c.address, c.action) for c in created] == [
        (address, Action.CREATE) for address in ("thread/ipi", "thread/ipi/tilt1", "thread/ipi/tilt2")
    ]
    assert created[0].reason == (
        "not on the platform; port 3 not confirmed: the node has no `edge:` block, so its gateway is not "
        "asked; some THREAD models have two ports"
    )
    assert not plan.holds_creations and plan.summary.pending == 0


def test_a_held_logger_holds_only_itself_and_is_created_once_its_gateway_confirms_the_port() -> None:
    connection = live_as_declared(desired())
    connection.devices.clear()
    connection.sensors.clear()
    on_port_1 = (
        "          - {key: up, type: VW_LOGGER, serial: '1001', port: 1, "
        "sensors: [{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}]}\n"
    )
    plan = planned(desired(WITH_EDGE + on_port_1), connection, gateways={"thread": ASLEEP})
    assert [c.address for c in plan.writes] == ["thread/up", "thread/up/pz-1"]
    assert {c.address for c in plan.changes if c.cause is Cause.PORT_UNCONFIRMED} == {
        "thread/ipi",
        "thread/ipi/tilt1",
        "thread/ipi/tilt2",
    }
    awake = LiveGateway("127.0.0.1:8404", GatewayStatus.OK, serial="6C7D8E", ports=frozenset({1, 2, 3}))
    plan = planned(desired(WITH_EDGE + on_port_1), connection, gateways={"thread": awake})
    assert {c.address for c in plan.writes} >= {"thread/ipi", "thread/ipi/tilt1", "thread/ipi/tilt2"}
    assert all(c.action is not Action.PENDING for c in plan.changes)


def test_a_logger_moved_to_port_3_unconfirmed_says_so_and_one_moved_to_port_1_does_not() -> None:
    plan = planned(desired(ON_PORT_3), live_as_declared(desired()))
    (moved,) = plan.writes
    assert moved.reason.endswith(
        "port 3 not confirmed: the node has no `edge:` block, so its gateway is not asked; some THREAD "
        "models have two ports"
    )
    on_port_1 = planned(desired(SITE.replace("port: 2", "port: 1")), live_as_declared(desired()))
    assert on_port_1.writes[0].reason == "differs from the manifest"


OLD_NODE = "/fn/5B5B5B/node"
OLD_LOGGER = f"{OLD_NODE}/dgsimlogger/032432/device"


def old_thread(tilt1_observations: int, logger: str = OLD_LOGGER) -> LiveConnection:
    """The THREAD a new gateway replaces, which the manifest no longer declares."""
    old = LiveConnection(LiveEntity(OLD_NODE, {}), PROJECT)
    old.devices.append(LiveEntity(logger, {"NAME": "IPI chain"}, None, "DGSI_M_LOGGER"))
    old.sensors[logger] = [
        LiveEntity(f"{logger}/tilt{n}/sensor", {"NAME": f"Tilt {n}", "OBSERVATION_COUNT": count})
        for n, count in ((1, tilt1_observations), (2, 0))
    ]
    return old


def test_a_new_threads_loggers_and_sensors_named_like_another_threads_say_its_history_stays_there() -> None:
    project = LiveProject(PROJECT, exists=True, other_threads={OLD_NODE: old_thread(500)})
    registered = SITE.replace(
        "        name: Tunnel THREAD\n", "        register: true\n        version: v4_6\n"
    )
    plan = make_plan(desired(registered), LiveState("test", {PROJECT: project}), PlanOptions())
    reasons = {c.address: c.reason for c in plan.changes}
    assert reasons["thread/ipi"] == (
        f"created with thread; {OLD_LOGGER} on another THREAD has its name and keeps its 500 "
        "observations: a THREAD logger cannot move to another THREAD, so this one starts with no history"
    )
    assert reasons["thread/ipi/tilt1"] == (
        f"created with thread; {OLD_LOGGER}/tilt1/sensor on another THREAD has its name and keeps its 500 "
        "observations: a THREAD sensor cannot move to another THREAD, so this one starts with no history"
    )
    assert reasons["thread/ipi/tilt2"] == "created with thread"  # no history to leave behind


def test_a_new_sensor_named_like_a_kept_one_of_another_thread_node_says_its_history_stays_there() -> None:
    # Another logger (one logger under two THREAD nodes is refused), tied to the site by the name.
    other_node = (
        f"      - key: old\n        kind: thread\n        id: {OLD_NODE}\n        name: Tunnel THREAD\n"
        '        devices:\n          - {key: ipi, type: DGSI_M_LOGGER, serial: "032431", port: 2}\n'
    )
    old_logger = OLD_LOGGER.replace("032432", "032431")
    project = LiveProject(PROJECT, exists=True)
    project.connections = {NODE: live_as_declared(desired()), OLD_NODE: old_thread(0, old_logger)}
    project.connections[NODE].sensors[LOGGER].pop()  # tilt2 is new here
    old_tilt2 = project.connections[OLD_NODE].sensors[old_logger][1]
    old_tilt2.props["OBSERVATION_COUNT"] = 40
    plan = make_plan(desired(SITE + other_node), LiveState("test", {PROJECT: project}), PlanOptions())
    (created,) = [c for c in plan.changes if c.action is Action.CREATE]
    assert created.reason == (
        "not on the platform; old/ipi/#tilt2 on another THREAD has its name and keeps its 40 observations: "
        "a THREAD sensor cannot move to another THREAD, so this one starts with no history"
    )
