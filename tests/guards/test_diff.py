"""plan/diff.py: the differ's guards. `moved` renames, removals take only what the stack owns,
copies are never chosen silently, and anything unsafe makes no plan at all."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.live.model import GatewayStatus, LiveGateway
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause
from iotplan.render.text import render_text
from tests.guards.fleet import (
    DAM_A,
    DAM_B,
    FLEET,
    add_device,
    add_sensor,
    connection_of,
    live_fleet,
    manifest,
    plan_for,
    project_of,
    writes,
)
from tests.plan.livebuilder import find

AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
MOVED_A = manifest(DAM_A.replace("key: dam-a", "key: dam-x"), DAM_B, moved="  - {from: dam-a, to: dam-x}\n")
REPLACED_LOGGER = FLEET.replace("name: Logger", "name: Logger\n            template: OTHER_DEVICE", 1)


def refusal(text: str, live, **options: object) -> str:
    with pytest.raises(PlanError) as raised:
        plan_for(text, live, **options)
    return str(raised.value)


# --- moved ---------------------------------------------------------------------------------------
def test_moving_a_connection_is_four_updates_never_a_removal_and_a_new_tree() -> None:
    plan = plan_for(MOVED_A, live_fleet(observations=4))
    assert writes(plan) == [
        ("dam-x", Action.UPDATE),
        ("dam-x/logger-1", Action.UPDATE),
        ("dam-x/logger-1/pz-1", Action.UPDATE),
        ("dam-x/logger-1/air", Action.UPDATE),
    ]
    assert not plan.summary.destroy and not plan.summary.add


def test_each_moved_entity_keeps_its_live_identity_and_gets_its_new_ref_id() -> None:
    live = live_fleet()
    plan = plan_for(MOVED_A, live)
    for change in plan.writes:
        old = change.address.replace("dam-x", "dam-a", 1)
        assert change.cause is Cause.MOVED and change.reason == f"moved from {old}"
        assert [(f.path, f.before, f.after) for f in change.fields] == [
            ("ref_id", f"site:{old}", change.ref_id)
        ]
        assert change.ref_id == f"site:{change.address}" and change.live_ref_id == f"site:{old}"
    assert plan.writes[0].live_id == connection_of(live, "site:dam-a").node.id


def test_a_moved_connection_keeps_counting_the_history_it_holds() -> None:
    [connection, device, pz, air] = plan_for(MOVED_A, live_fleet(observations=4)).writes
    assert (connection.observations, device.observations, pz.observations, air.observations) == (8, 8, 4, 4)


def test_a_moved_sensor_on_the_platform_under_neither_ref_id_is_created() -> None:
    text = FLEET.replace("key: pz-1", "key: pz-01", 1) + (
        "moved:\n  - {from: dam-a/logger-1/pz-9, to: dam-a/logger-1/pz-01}\n"
    )
    plan = plan_for(text, live_fleet())
    assert ("dam-a/logger-1/pz-01", Action.CREATE) in writes(plan)


def test_without_moved_a_renamed_connection_is_a_removal_and_a_new_tree() -> None:
    plan = plan_for(MOVED_A.split("moved:")[0], live_fleet())
    assert [(a, x) for a, x in writes(plan) if x is not Action.CREATE] == [("dam-a", Action.REMOVE)]


# --- a connection dropped from the manifest ------------------------------------------------------
def test_dropping_one_connection_plans_its_removal_while_the_other_stays_in_sync() -> None:
    live = live_fleet(observations=3)
    plan = plan_for(manifest(DAM_A), live)
    assert writes(plan) == [("dam-b", Action.REMOVE)]
    [removal] = plan.writes
    assert removal.cause is Cause.NOT_IN_MANIFEST and removal.kind == "node"
    assert removal.project_id == project_of(live).id and (plan.stack, plan.target) == ("site", "test")
    assert removal.reason == "not in the manifest; owned by stack 'site', with 1 device and 2 sensors"
    assert removal.collateral == ("dam-b/logger-1", "dam-b/logger-1/air", "dam-b/logger-1/pz-1")  # by address
    assert removal.observations == 6 and removal.destroys_data
    assert removal.live_id == connection_of(live, "site:dam-b").node.id and removal.fingerprint
    assert plan.summary.line() == "Plan: 0 to add, 0 to change, 1 to destroy (3 more destroyed with them)."


def test_dropping_every_connection_removes_each() -> None:
    assert writes(plan_for(manifest(), live_fleet())) == [("dam-a", Action.REMOVE), ("dam-b", Action.REMOVE)]


def test_a_dropped_empty_connection_names_no_contents() -> None:
    live = live_fleet()
    empty = connection_of(live, "site:dam-b")
    empty.devices.clear()
    empty.sensors.clear()
    [removal] = plan_for(manifest(DAM_A), live).writes
    assert removal.reason == "not in the manifest; owned by stack 'site'" and removal.collateral == ()


def test_a_connection_another_tool_made_is_never_removed() -> None:
    live = live_fleet()
    foreign = connection_of(live, "site:dam-b")
    foreign.node.props["SERIAL_NO"] = "other-tool:dam-b"
    assert writes(plan_for(manifest(DAM_A), live)) == []


def test_a_connection_of_a_stack_whose_name_only_starts_the_same_is_not_ours() -> None:
    live = live_fleet()
    connection_of(live, "site:dam-b").node.props["SERIAL_NO"] = "site2:dam-b"
    assert writes(plan_for(manifest(DAM_A), live)) == []


# --- ownership ------------------------------------------------------------------------------------
def test_removing_a_connection_holding_a_device_the_stack_does_not_own_is_refused_naming_it() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other-tool-1")
    assert refusal(manifest(DAM_A), live) == (
        "no safe plan exists:\n"
        "  dam-b: removing this connection would also remove 1 entity that stack 'site' does not own "
        "(unmanaged): dam-b/#0F0F0F (SERIAL_NO 'other-tool-1'); keep it in the "
        "manifest, or pass --prune-unmanaged to remove them too"
    )


def test_prune_unmanaged_lets_the_removal_take_what_the_stack_does_not_own() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other-tool-1")
    [removal] = plan_for(manifest(DAM_A), live, prune_unmanaged=True).writes
    assert removal.address == "dam-b" and "dam-b/#0F0F0F" in removal.collateral


def test_a_refusal_names_five_foreign_entities_and_counts_the_rest() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    for n in range(7):
        add_device(dam_b, f"0F0F0{n}", f"other-{n}")
    message = refusal(manifest(DAM_A), live)
    assert "would also remove 7 entities that stack 'site' does not own" in message
    listed = ", ".join(f"dam-b/#0F0F0{n} (SERIAL_NO 'other-{n}')" for n in range(5))
    assert f"(unmanaged): {listed} and 2 more; keep it" in message


@pytest.mark.parametrize(("foreign", "more"), [(5, ""), (6, " and 1 more")])
def test_a_refusal_says_how_many_more_only_past_five(foreign: int, more: str) -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    for n in range(foreign):
        add_device(dam_b, f"0F0F0{n}", f"other-{n}")
    assert f"dam-b/#0F0F04 (SERIAL_NO 'other-4'){more}; keep it" in refusal(manifest(DAM_A), live)


def test_a_foreign_sensor_under_an_owned_device_refuses_the_connection_removal() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    add_sensor(dam_b, dam_b.devices[0], "0E0E0E", "other-sensor")
    assert "dam-b/logger-1/#0E0E0E (SERIAL_NO 'other-sensor', an unknown number of observations)" in refusal(
        manifest(DAM_A), live
    )


def test_an_owned_device_dropped_from_the_manifest_is_removed_with_its_sensors() -> None:
    live = live_fleet(observations=2)
    text = FLEET.replace(DAM_B, DAM_B.split("        devices:")[0] + "        devices: []\n")
    [removal] = plan_for(text, live).writes
    assert (removal.address, removal.action, removal.kind) == ("dam-b/logger-1", Action.REMOVE, "device")
    assert removal.cause is Cause.NOT_IN_MANIFEST
    assert removal.reason == "not in the manifest; owned by stack 'site', with 2 sensors"
    assert removal.collateral == ("dam-b/logger-1/air", "dam-b/logger-1/pz-1")  # by address
    assert removal.observations == 4 and removal.connection == "dam-b"


def test_an_owned_device_with_no_sensor_is_removed_saying_only_why() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0D0D0D", "site:dam-b/spare")
    [removal] = plan_for(FLEET, live).writes
    assert (removal.address, removal.reason) == ("dam-b/spare", "not in the manifest; owned by stack 'site'")
    assert removal.collateral == () and removal.project_id == project_of(live).id


def test_removing_a_device_holding_a_foreign_sensor_is_refused() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    add_sensor(dam_b, dam_b.devices[0], "0E0E0E", "other-sensor")
    text = FLEET.replace(DAM_B, DAM_B.split("        devices:")[0] + "        devices: []\n")
    assert refusal(text, live) == (
        "no safe plan exists:\n"
        "  dam-b/logger-1: removing this device would also remove 1 entity that stack 'site' does not "
        "own (unmanaged): dam-b/logger-1/#0E0E0E (SERIAL_NO 'other-sensor', an unknown number of "
        "observations); keep it "
        "in the manifest, or pass --prune-unmanaged to remove them too"
    )


def test_a_device_another_tool_made_is_reported_and_left_alone() -> None:
    live = live_fleet(observations=1)
    device = add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other-tool-1", OBSERVATION_COUNT=5)
    plan = plan_for(FLEET, live)
    [unmanaged] = [change for change in plan.changes if change.action is Action.UNMANAGED]
    assert (unmanaged.address, unmanaged.cause, unmanaged.live_id) == (
        "dam-b/#0F0F0F",
        Cause.UNMANAGED,
        device.id,
    )
    assert unmanaged.reason == "not declared, not owned by stack 'site' (SERIAL_NO 'other-tool-1')"
    assert unmanaged.observations == 5 and writes(plan) == []


def test_prune_unmanaged_removes_a_foreign_device_naming_why() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    device = add_device(dam_b, "0F0F0F", "other-tool-1")
    add_sensor(dam_b, device, "0E0E0E", "other-sensor")
    [removal] = plan_for(FLEET, live, prune_unmanaged=True).writes
    assert (removal.address, removal.action, removal.cause) == ("dam-b/#0F0F0F", Action.REMOVE, Cause.PRUNED)
    assert removal.reason == (
        "unmanaged (SERIAL_NO 'other-tool-1'); removed by --prune-unmanaged; 1 entity it does not own goes "
        "with it: dam-b/#0F0F0F/#0E0E0E (SERIAL_NO 'other-sensor')"
    )
    assert removal.collateral == ("dam-b/#0F0F0F/#0E0E0E",)


def test_a_device_without_a_serial_is_never_taken_for_one_of_ours() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", None)
    plan = plan_for(FLEET, live)
    assert [(c.address, c.action) for c in plan.changes if c.live_id and "0F0F0F" in c.live_id] == [
        ("dam-b/#0F0F0F", Action.UNMANAGED)
    ]
    assert writes(plan_for(manifest(DAM_A), live, prune_unmanaged=True)) == [("dam-b", Action.REMOVE)]


def test_a_foreign_sensor_is_reported_under_its_device() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    add_sensor(dam_b, dam_b.devices[0], "0E0E0E", "other-sensor")
    [unmanaged] = [c for c in plan_for(FLEET, live).changes if c.action is Action.UNMANAGED]
    assert (unmanaged.address, unmanaged.kind) == ("dam-b/logger-1/#0E0E0E", "sensor")


def test_replacing_a_device_that_holds_a_foreign_sensor_is_refused() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    add_sensor(dam_a, dam_a.devices[0], "0E0E0E", "other-sensor")
    assert refusal(REPLACED_LOGGER, live) == (
        "no safe plan exists:\n"
        "  dam-a/logger-1: replacing this device would also remove 1 entity that stack 'site' does not "
        "own (unmanaged): dam-a/logger-1/#0E0E0E (SERIAL_NO 'other-sensor', an unknown number of "
        "observations); keep it "
        "in the manifest, or pass --prune-unmanaged to remove them too"
    )


def test_a_replaced_device_names_the_undeclared_sensors_of_the_stack_that_go_with_it() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    for n in range(6):
        add_sensor(dam_a, dam_a.devices[0], f"0E0E0{n}", f"site:dam-a/logger-1/old-{n}")
    plan = plan_for(REPLACED_LOGGER, live)
    [replaced] = [c for c in plan.changes if c.action is Action.REPLACE]
    assert replaced.reason == (
        "template IMPORT_DEVICE_SDE → OTHER_DEVICE cannot be updated in place; 6 undeclared sensors go with "
        "it: site:dam-a/logger-1/old-0, site:dam-a/logger-1/old-1, site:dam-a/logger-1/old-2, "
        "site:dam-a/logger-1/old-3, site:dam-a/logger-1/old-4 and 1 more"
    )
    assert replaced.collateral == tuple(Address(f"dam-a/logger-1/old-{n}") for n in range(6))


def test_a_replaced_device_names_five_undeclared_sensors_without_an_ellipsis() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    for n in range(5):
        add_sensor(dam_a, dam_a.devices[0], f"0E0E0{n}", f"site:dam-a/logger-1/old-{n}")
    [replaced] = [c for c in plan_for(REPLACED_LOGGER, live).changes if c.action is Action.REPLACE]
    assert replaced.reason.endswith(
        "5 undeclared sensors go with it: " + ", ".join(f"site:dam-a/logger-1/old-{n}" for n in range(5))
    )


def test_a_replaced_device_with_one_undeclared_sensor_says_it_goes() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    add_sensor(dam_a, dam_a.devices[0], "0E0E0E", "site:dam-a/logger-1/old")
    [replaced] = [c for c in plan_for(REPLACED_LOGGER, live).changes if c.action is Action.REPLACE]
    assert replaced.reason.endswith("; 1 undeclared sensor goes with it: site:dam-a/logger-1/old")


def test_a_replaced_device_re_creates_its_declared_sensors_and_takes_nothing_else() -> None:
    plan = plan_for(REPLACED_LOGGER, live_fleet(observations=2))
    assert writes(plan) == [
        ("dam-a/logger-1", Action.REPLACE),
        ("dam-a/logger-1/pz-1", Action.CREATE),
        ("dam-a/logger-1/air", Action.CREATE),
    ]
    replaced, pz, _ = plan.writes
    assert replaced.collateral == () and replaced.observations == 4 and replaced.destroys_data
    assert pz.cause is Cause.WITH_PARENT and pz.reason == "created with its replaced device"


def test_a_renamed_sensor_under_a_replaced_device_is_not_counted_as_undeclared() -> None:
    text = (
        REPLACED_LOGGER.replace("key: pz-1", "key: pz-01", 1)
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )
    [replaced] = [c for c in plan_for(text, live_fleet()).changes if c.action is Action.REPLACE]
    assert replaced.collateral == ()


def test_a_replaced_sensor_whose_count_was_not_reported_counts_as_holding_data() -> None:
    live = live_fleet(observations=3)
    del find(live, "site:dam-a/logger-1/air").props["OBSERVATION_COUNT"]
    text = FLEET.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1)
    [replaced] = [c for c in plan_for(text, live).changes if c.action is Action.REPLACE]
    assert (replaced.address, replaced.observations, replaced.observations_unknown) == (
        "dam-a/logger-1/air",
        0,
        True,
    )
    assert replaced.destroys_data


def test_what_is_not_on_the_platform_is_created_saying_so() -> None:
    live = live_fleet(manifest(DAM_A))
    created = [c for c in plan_for(FLEET, live).changes if c.action is Action.CREATE]
    assert [(c.address, c.cause, c.reason) for c in created] == [
        ("dam-b", Cause.NOT_ON_PLATFORM, "not on the platform"),
        ("dam-b/logger-1", Cause.WITH_PARENT, "created with dam-b"),
        ("dam-b/logger-1/pz-1", Cause.WITH_PARENT, "created with dam-b"),
        ("dam-b/logger-1/air", Cause.WITH_PARENT, "created with dam-b"),
    ]


def test_a_dropped_sensor_whose_count_was_not_reported_counts_as_holding_data() -> None:
    live = live_fleet(observations=3)
    air = find(live, "site:dam-a/logger-1/air")
    del air.props["OBSERVATION_COUNT"]
    [removal] = plan_for(FLEET.replace(AIR, "", 1), live).writes
    assert (removal.address, removal.observations_unknown, removal.destroys_data) == (
        "dam-a/logger-1/air",
        True,
        True,
    )


def test_two_dropped_devices_are_each_removed() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    add_device(dam_b, "0D0D01", "site:dam-b/spare-1")
    add_device(dam_b, "0D0D02", "site:dam-b/spare-2")
    assert writes(plan_for(FLEET, live)) == [
        ("dam-b/spare-1", Action.REMOVE),
        ("dam-b/spare-2", Action.REMOVE),
    ]


# --- protect --------------------------------------------------------------------------------------
def test_a_protected_device_is_never_replaced() -> None:
    text = REPLACED_LOGGER.replace(
        "template: OTHER_DEVICE", "template: OTHER_DEVICE\n            protect: true"
    )
    assert refusal(text, live_fleet()) == (
        "no safe plan exists:\n  dam-a/logger-1: protected, but its template change would replace it"
    )


def test_a_device_is_not_replaced_when_one_of_its_sensors_is_protected() -> None:
    text = REPLACED_LOGGER.replace("name: Piezometer", "name: Piezometer\n                protect: true", 1)
    assert refusal(text, live_fleet()) == (
        "no safe plan exists:\n  dam-a/logger-1/pz-1: protected, but its device dam-a/logger-1's template "
        "change would replace it"
    )


def test_a_protected_entity_may_still_be_updated() -> None:
    text = FLEET.replace("name: Logger", "name: Crest\n            protect: true", 1)
    assert writes(plan_for(text, live_fleet())) == [("dam-a/logger-1", Action.UPDATE)]


# --- pinned connections ---------------------------------------------------------------------------
def test_a_pinned_connection_that_is_not_on_the_platform_is_refused_naming_it() -> None:
    text = FLEET.replace("name: Dam A", "name: Dam A\n        id: /api/ABCDEF/node")
    assert refusal(text, live_fleet()) == (
        "no safe plan exists:\n"
        "  dam-a: connection /api/ABCDEF/node is not in project 6ee68656-ce20-452c-a4e6-b6b3a3b55537"
    )


def test_one_live_connection_claimed_by_two_nodes_is_refused() -> None:
    live = live_fleet()
    node_id = connection_of(live, "site:dam-a").node.id
    text = FLEET.replace("name: Dam B", f"name: Dam B\n        id: {node_id}")
    assert f"  dam-b: connection {node_id} is already claimed by dam-a" in refusal(text, live)


def test_a_pinned_connection_is_found_by_its_id_whatever_its_ref_id() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    dam_a.node.props["SERIAL_NO"] = "ABCDEF"
    text = FLEET.replace("name: Dam A", f"name: Dam A\n        id: {dam_a.node.id}")
    plan = plan_for(text, live)
    assert writes(plan) == [] and plan.changes[0].live_id == dam_a.node.id


def test_a_pinned_connection_renamed_in_the_manifest_is_shown_as_differing_not_as_moved() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    dam_a.node.props["SERIAL_NO"] = "ABCDEF"
    text = FLEET.replace("name: Dam A", f"name: Dam Z\n        id: {dam_a.node.id}")
    [change] = plan_for(text, live).writes
    assert (change.address, change.cause, change.reason) == (
        "dam-a",
        Cause.DIFFERS,
        "differs from the manifest",
    )
    assert [(f.path, f.before, f.after) for f in change.fields] == [("name", "Dam A", "Dam Z")]
    assert "moved" not in render_text(plan_for(text, live), color=False)


# --- THREAD gateways ---------------------------------------------------------------------------------
THREAD = """      - key: thread-south
        kind: thread
        id: /fn/5D6E7F/node
        edge:
          host: 127.0.0.1:8402
          port1:
            mode: RS232
            baud_rate: 19200
"""
THREAD_ID = "/fn/5D6E7F/node"


def with_gateway(settings: dict, ports=(1, 2), status: GatewayStatus = GatewayStatus.OK):
    live = live_fleet(manifest(DAM_A))
    project = project_of(live)
    project.connections[THREAD_ID] = LiveConnection(LiveEntity(THREAD_ID, {"NAME": "south"}), project.id)
    gateway = LiveGateway("127.0.0.1:8402", status, "", "5D6E7F", settings, frozenset(ports))
    live.gateways = {"thread-south": gateway}
    return live


def test_a_threads_settings_are_planned_after_the_connections_before_it() -> None:
    plan = plan_for(manifest(DAM_A, THREAD), with_gateway({"port1.baud_rate": 9600}))
    edge = [c for c in plan.changes if c.kind == "edge"]
    assert [(c.address, c.action) for c in edge] == [
        ("thread-south/edge/port1.mode", Action.NOOP),
        ("thread-south/edge/port1.baud_rate", Action.UPDATE),
    ]
    baud = edge[1]
    assert (baud.project_id, baud.connection, baud.live_id) == (
        project_of(live_fleet()).id,
        "thread-south",
        THREAD_ID,
    )
    assert [c.address for c in plan.changes][:4] == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/air",
    ]


def test_force_write_only_writes_what_a_thread_cannot_report() -> None:
    plan = plan_for(manifest(DAM_A, THREAD), with_gateway({"port1.baud_rate": 19200}), force_write_only=True)
    assert writes(plan) == [("thread-south/edge/port1.mode", Action.UPDATE)]


def test_a_thread_that_was_not_read_plans_no_setting() -> None:
    live = with_gateway({})
    live.gateways = {}
    assert [c for c in plan_for(manifest(DAM_A, THREAD), live).changes if c.kind == "edge"] == []


def test_a_sleeping_thread_is_pending() -> None:
    plan = plan_for(manifest(DAM_A, THREAD), with_gateway({}, status=GatewayStatus.ASLEEP))
    assert [(c.address, c.action) for c in plan.changes if c.kind == "edge"] == [
        ("thread-south/edge", Action.PENDING)
    ]


def test_a_port_the_thread_lacks_is_refused_with_every_other_problem() -> None:
    text = manifest(DAM_A.replace("name: Dam A", "name: Dam A\n        id: /api/ABCDEF/node"), THREAD)
    message = refusal(text.replace("port1:", "port3:"), with_gateway({}))
    assert message.splitlines()[1:] == [
        "  dam-a: connection /api/ABCDEF/node is not in project 6ee68656-ce20-452c-a4e6-b6b3a3b55537",
        "  thread-south/edge/port3: this THREAD has no port 3 (its ports: 1, 2)",
    ]


# --- problems together -----------------------------------------------------------------------------
def test_every_problem_is_named_in_one_refusal() -> None:
    live = live_fleet()
    add_device(connection_of(live, "site:dam-b"), "0F0F0F", "other-tool-1")
    text = manifest(DAM_A.replace("name: Dam A", "name: Dam A\n        id: /api/ABCDEF/node"))
    lines = refusal(text, live).splitlines()
    assert lines[0] == "no safe plan exists:" and len(lines) == 3
    assert lines[1].startswith("  dam-a: connection /api/ABCDEF/node") and lines[2].startswith("  dam-b: ")


def test_a_project_with_no_connection_left_plans_nothing() -> None:
    live = live_fleet()
    project_of(live).connections.clear()
    assert writes(plan_for(manifest(), live)) == []


def test_a_connection_without_a_ref_id_is_left_alone() -> None:
    live = live_fleet()
    project = project_of(live)
    stray = LiveConnection(LiveEntity("/api/0D0D0D/node", {"NAME": "stray"}), project.id)
    project.connections[stray.node.id] = stray
    assert writes(plan_for(FLEET, live)) == []
