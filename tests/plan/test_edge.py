"""THREAD settings planned: declared × what the gateway reported → one change per setting."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live.model import GatewayStatus, LiveGateway
from iotplan.manifest.edge import BatterySaver, Edge, Port, SidePort
from iotplan.plan.address import Address
from iotplan.plan.edge import (
    GATEWAY_CAUSES,
    EdgeContext,
    cuts_off,
    desired_edge_settings,
    edge_changes,
    forced_unverified,
    not_written,
    settle_forced_writes,
)
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind, ManifestSource, Plan
from tests.plan.edgebuilder import setting_change

NODE = Address("thread-north")
CONTEXT = EdgeContext(NODE, "project-1", "/fn/4A1B2C")
HOST = "192.0.2.10"


def edge(**settings: Any) -> Edge:
    return Edge(host=HOST, **settings)


def gateway(settings: dict[str, Any] | None = None, ports: tuple[int, ...] = (1, 2, 3)) -> LiveGateway:
    return LiveGateway(
        HOST, GatewayStatus.OK, serial="4A1B2C", settings=settings or {}, ports=frozenset(ports)
    )


def plan_one(name: str, wanted: Any, current: Any, context: EdgeContext = CONTEXT) -> Change:
    changes, problems = edge_changes(context, {name: wanted}, gateway({name: current}))
    assert problems == []
    [change] = changes
    return change


# --- what the manifest declares -------------------------------------------------------------
def test_only_the_port_fields_a_manifest_sets_are_managed() -> None:
    settings = desired_edge_settings(edge(port2=SidePort(power="12V", connected=False)))
    assert settings == {"port2.power": "12V", "port2.connected": False}


def test_the_serial_shorthand_stands_for_baud_rate_data_bits_and_parity() -> None:
    settings = desired_edge_settings(edge(port1=Port(serial="19200 7E1")))
    assert settings == {"port1.baud_rate": 19200, "port1.data_bits": 7, "port1.parity": "EVEN"}


def test_a_removable_port_field_set_to_null_means_make_sure_it_is_absent() -> None:
    settings = desired_edge_settings(edge(port1=Port(comm_type=None, delimiters=None)))
    assert settings == {"port1.comm_type": None, "port1.delimiters": None}  # power: null is refused


@pytest.mark.parametrize(
    ("saver", "setting"),
    [
        (BatterySaver(enabled=True), {"enabled": True, "low": 10, "high": 100}),
        (BatterySaver(enabled=True, low=25, high=90), {"enabled": True, "low": 25, "high": 90}),
        (BatterySaver(enabled=False), {"enabled": False}),
    ],
)
def test_the_battery_saver_is_planned_as_the_gateway_reports_it(saver: BatterySaver, setting: dict) -> None:
    assert desired_edge_settings(edge(battery_saver=saver)) == {"battery_saver": setting}


def test_gateway_wide_settings_are_managed_only_when_declared() -> None:
    assert desired_edge_settings(edge()) == {}
    declared = edge(cloud_connection=False, interface_priority="cellular", app_version="7.18.1")
    assert desired_edge_settings(declared) == {
        "cloud_connection": False,
        "interface_priority": "cellular",
        "app_version": "7.18.1",
    }


# --- what can cut a gateway off ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("setting", "value", "cuts"),
    [
        ("cloud_connection", False, True),
        ("cloud_connection", True, False),
        ("interface_priority", "ethernet", True),
        ("port1.connected", False, False),
        ("battery_saver", {"enabled": False}, False),
    ],
)
def test_turning_the_cloud_off_or_switching_interface_can_cut_a_gateway_off(
    setting: str, value: Any, cuts: bool
) -> None:
    assert cuts_off(setting_change("thread-north", setting, None, value)) is cuts


@pytest.mark.parametrize(
    ("setting", "wanted", "current", "flagged"),
    [
        ("cloud_connection", False, True, True),
        ("cloud_connection", True, False, False),
        ("interface_priority", "cellular", "ethernet", True),
        ("port1.baud_rate", 19200, 9600, False),
        ("cloud_connection", False, False, False),  # already off: nothing is written
    ],
)
def test_a_planned_update_that_can_cut_the_gateway_off_is_flagged_for_the_guards(
    setting: str, wanted: Any, current: Any, flagged: bool
) -> None:
    assert plan_one(setting, wanted, current).cuts_off is flagged


# --- a gateway that was not read ------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "action", "cause"),
    [
        (GatewayStatus.ASLEEP, Action.PENDING, Cause.GATEWAY_ASLEEP),
        (GatewayStatus.UNREACHABLE, Action.PENDING, Cause.GATEWAY_UNREACHABLE),
        (GatewayStatus.MISMATCH, Action.REFUSED, Cause.GATEWAY_MISMATCH),
        (GatewayStatus.UNREADABLE, Action.PENDING, Cause.GATEWAY_UNREADABLE),
    ],
)
def test_a_gateway_not_read_is_one_change_for_the_whole_gateway_and_no_problem(
    status: GatewayStatus, action: Action, cause: Cause
) -> None:
    live = LiveGateway(HOST, status, "no answer")
    changes, problems = edge_changes(
        CONTEXT, {"port3.power": "12V", "battery_saver": {"enabled": False}}, live
    )
    assert problems == []  # its ports are unknown: nothing can be refused yet
    [change] = changes
    assert (change.address, change.kind, change.action, change.cause) == (
        "thread-north/edge",
        Kind.EDGE,
        action,
        cause,
    )
    assert change.reason == f"{status}: no answer" and not change.action.writes
    assert (change.connection, change.live_id, change.project_id) == (NODE, "/fn/4A1B2C", "project-1")


# --- problems that make a plan impossible -----------------------------------------------------
def test_a_port_the_thread_model_lacks_is_refused_before_any_write() -> None:
    _, problems = edge_changes(CONTEXT, {"port3.power": "12V", "port1.power": "off"}, gateway(ports=(1, 2)))
    assert problems == ["thread-north/edge/port3: this THREAD has no port 3 (its ports: 1, 2)"]


def test_a_gateway_that_lists_no_ports_says_so() -> None:
    _, problems = edge_changes(CONTEXT, {"port1.power": "off"}, gateway(ports=()))
    assert problems == ["thread-north/edge/port1: this THREAD has no port 1 (its ports: none)"]


def test_a_battery_saver_on_a_model_without_one_is_refused() -> None:
    _, problems = edge_changes(CONTEXT, {"battery_saver": {"enabled": False}}, gateway())
    assert problems == ["thread-north/edge/battery_saver: this THREAD has no battery saver (X3 models only)"]


# --- one change per setting -------------------------------------------------------------------
def test_a_setting_the_gateway_already_has_is_in_sync() -> None:
    change = plan_one("port1.baud_rate", 9600, 9600)
    assert (change.action, change.cause, change.reason, change.fields) == (
        Action.NOOP,
        Cause.IN_SYNC,
        "in sync",
        (),
    )


def test_a_changed_baud_rate_is_one_update_with_its_field_change() -> None:
    change = plan_one("port1.baud_rate", 38400, 19200)
    assert change.address == "thread-north/edge/port1.baud_rate" and change.kind is Kind.EDGE
    assert (change.action, change.cause) == (Action.UPDATE, Cause.DIFFERS)
    assert change.fields == (FieldChange("port1.baud_rate", 19200, 38400),)
    assert (change.before, change.after) == ({"value": 19200}, {"value": 38400})
    assert (change.connection, change.live_id) == (NODE, "/fn/4A1B2C")


def test_a_setting_to_be_absent_that_is_present_is_removed() -> None:
    change = plan_one("port1.delimiters", None, ["0D0A"])
    assert change.action is Action.UPDATE and change.fields == (
        FieldChange("port1.delimiters", ["0D0A"], None),
    )


def test_an_interface_mode_is_never_guessed_in_sync_or_changed_and_says_it_is_not_written() -> None:
    change = plan_one("port1.mode", "RS485", None)
    assert (change.action, change.cause) == (Action.NOOP, Cause.UNVERIFIABLE)
    assert change.reason == (
        'unverifiable (the gateway cannot report it), so not written: --force-write-only writes "RS485"'
    )


def test_a_port_measured_at_0_v_is_never_taken_for_off_and_off_is_not_written_on_a_guess() -> None:
    """0 V is what a THREAD whose ports read 0 V whatever their power measures on a powered port."""
    change = plan_one("port2.power", "off", "off")
    assert (change.action, change.cause) == (Action.NOOP, Cause.UNVERIFIABLE)
    assert change.reason == (
        "unverifiable (the port measures 0 V, which some THREADs also read on a powered port with nothing "
        'drawing on it), so not written: --force-write-only writes "off"'
    )
    forced = EdgeContext(NODE, "project-1", "/fn/4A1B2C", force_write_only=True)
    assert plan_one("port2.power", "off", "off", forced).cause is Cause.FORCED_WRITE
    # 12 or 15 V measured proves the port powered: in sync, or a change, as any other setting.
    assert plan_one("port2.power", "12V", "12V").cause is Cause.IN_SYNC
    assert [plan_one("port2.power", *pair).cause for pair in (("off", "12V"), ("12V", "off"))] == [
        Cause.DIFFERS,
        Cause.DIFFERS,
    ]


def test_a_setting_an_apply_wrote_is_not_said_to_be_left_unwritten() -> None:
    changes, _ = edge_changes(CONTEXT, {"port2.power": "off"}, gateway({"port2.power": "off"}))
    verifying = Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "d"), changes=tuple(changes))
    assert [c.address for c in not_written(verifying)] == ["thread-north/edge/port2.power"]
    assert not_written(verifying, written={"thread-north/edge/port2.power"}) == []


def test_force_write_only_writes_an_interface_mode_it_cannot_read_back() -> None:
    forced = EdgeContext(NODE, "project-1", "/fn/4A1B2C", force_write_only=True)
    change = plan_one("port2.mode", "RS232", None, forced)
    assert (change.action, change.cause) == (Action.UPDATE, Cause.FORCED_WRITE)
    assert change.fields == (FieldChange("port2.mode", None, "RS232"),)


def test_force_write_only_leaves_readable_settings_to_the_comparison() -> None:
    forced = EdgeContext(NODE, "project-1", "/fn/4A1B2C", force_write_only=True)
    assert plan_one("port1.baud_rate", 9600, 9600, forced).action is Action.NOOP


def forced_plan(*names: str) -> Plan:
    """A verifying plan made under --force-write-only: each mode planned again, one baud rate differs."""
    forced = EdgeContext(NODE, "project-1", "/fn/4A1B2C", force_write_only=True)
    desired = {**{name: "RS232" for name in names}, "port1.baud_rate": 19200}
    changes, _ = edge_changes(forced, desired, gateway({"port1.baud_rate": 9600}))
    return Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=tuple(changes))


def test_a_forced_write_that_succeeded_is_not_a_difference_in_the_verifying_plan() -> None:
    verifying = forced_plan("port1.mode", "port2.mode")
    written = {"thread-north/edge/port1.mode", "thread-north/edge/port1.baud_rate"}
    settled = settle_forced_writes(verifying, written)
    actions = {change.address: change.action for change in settled.changes}
    assert actions == {
        "thread-north/edge/port1.mode": Action.NOOP,  # written: it cannot be read back, so it is not
        "thread-north/edge/port2.mode": Action.UPDATE,  # not written in this run: still to write
        "thread-north/edge/port1.baud_rate": Action.UPDATE,  # readable: still differs, written or not
    }
    assert forced_unverified(settled) == ["thread-north/edge/port1.mode"]
    assert forced_unverified(verifying) == []


def test_every_declared_setting_gets_a_change_in_declaration_order() -> None:
    desired = desired_edge_settings(edge(port1=Port(serial="9600 8N1"), cloud_connection=True))
    live = {"port1.baud_rate": 9600, "port1.data_bits": 8, "port1.parity": "ODD", "cloud_connection": True}
    changes, _ = edge_changes(CONTEXT, desired, gateway(live))
    assert [(c.address.name, c.action) for c in changes] == [
        ("port1.baud_rate", Action.NOOP),
        ("port1.data_bits", Action.NOOP),
        ("port1.parity", Action.UPDATE),
        ("cloud_connection", Action.NOOP),
    ]


def test_every_status_of_a_gateway_not_read_has_a_cause() -> None:
    """A status the plan cannot name once ended the whole plan with an unexpected KeyError."""
    assert set(GATEWAY_CAUSES) == set(GatewayStatus) - {GatewayStatus.OK}
