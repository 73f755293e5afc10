"""plan/copies.py: one refId on two live entities, and an earlier copy that lost its refId.

The plan never picks a copy silently: it keeps the one that may hold data, removes connection
copies that certainly hold none (by their own id), and refuses when it cannot tell.
"""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity, LiveState
from iotplan.plan.copies import choose_copy, earlier_copy
from iotplan.plan.model import Action, Cause
from tests.guards.fleet import (
    FLEET,
    PROJECT,
    add_device,
    add_sensor,
    connection_of,
    live_fleet,
    plan_for,
    project_of,
    writes,
)


def entity(entity_id: str, name: str = "Dam A", serial: str = "u-1") -> LiveEntity:
    return LiveEntity(entity_id, {"NAME": name, "SERIAL_NO": serial})


# --- choose_copy ----------------------------------------------------------------------------------
def test_no_copy_is_nothing_to_keep() -> None:
    choice = choose_copy([], {}, "device", "r")
    assert choice.kept is None and choice.extra == [] and choice.problem == ""


def test_a_single_copy_is_kept_whether_or_not_it_holds_data() -> None:
    one = entity("a")
    choice = choose_copy([one], {"a": True}, "device", "r")
    assert choice.kept is one and choice.extra == [] and choice.problem == ""


def test_of_two_copies_the_one_holding_data_is_kept_and_the_other_is_extra() -> None:
    first, second = entity("a"), entity("b")
    choice = choose_copy([first, second], {"a": False, "b": True}, "device", "r")
    assert choice.kept is second and choice.extra == [first] and choice.problem == ""


def test_of_copies_holding_no_data_the_first_is_kept() -> None:
    copies = [entity("a"), entity("b"), entity("c")]
    choice = choose_copy(copies, {"a": False, "b": False, "c": False}, "device", "r")
    assert choice.kept is copies[0] and choice.extra == copies[1:]


def test_two_copies_that_may_hold_data_are_refused_naming_each_and_how_to_choose() -> None:
    copies = [entity("a"), entity("b"), entity("c")]
    choice = choose_copy(copies, {"a": True, "b": False, "c": True}, "sensor", "site:x")
    assert choice.kept is None and choice.extra == []
    assert choice.problem == (
        "3 sensors carry refId 'site:x' and more than one may hold observations (a, b, c): keep one, and "
        "remove the others, or give them another SERIAL_NO, in the platform's web app (integrate finds a "
        "sensor by its refId only, so no pin in the manifest can choose one)"
    )


def test_two_connection_copies_that_may_hold_data_are_refused_naming_the_pin_that_chooses_one() -> None:
    copies = [
        LiveConnection(entity("/api/AAAAAA/node"), "p"),
        LiveConnection(entity("/api/BBBBBB/node"), "p"),
    ]
    choice = choose_copy(copies, {"/api/AAAAAA/node": True, "/api/BBBBBB/node": True}, "connection", "site:x")
    assert choice.problem.endswith(
        "keep one (pin it with `id:`) and remove the others in the platform's web app"
    )


def test_connection_copies_are_named_by_their_node_id() -> None:
    copies = [
        LiveConnection(entity("/api/AAAAAA/node"), "p"),
        LiveConnection(entity("/api/BBBBBB/node"), "p"),
    ]
    holding = {"/api/AAAAAA/node": True, "/api/BBBBBB/node": True}
    assert "(/api/AAAAAA/node, /api/BBBBBB/node)" in choose_copy(copies, holding, "connection", "r").problem


# --- earlier_copy ---------------------------------------------------------------------------------
def test_an_unmanaged_entity_with_the_same_name_is_named_with_how_to_adopt_it_by_id() -> None:
    found = earlier_copy("Dam A", [entity("x", "Other"), entity("/api/ABCDEF/node")], "node", "id", depth=0)
    assert found == (
        "not found by its refId, but node /api/ABCDEF/node named 'Dam A' (SERIAL_NO 'u-1') is not this "
        "stack's: likely an earlier copy on a platform that did not keep its refId (see "
        "docs/api-assumptions.md). Adopt it with `id: /api/ABCDEF/node`, or give one of them another name"
    )


def test_a_device_copy_is_adopted_by_its_ref_id_only_where_the_platform_keeps_ref_ids_as_serials() -> None:
    """Where a refId is kept apart from SERIAL_NO, integrate's updates by the SERIAL_NO find nothing."""
    found = earlier_copy(
        "Logger", [entity("d1", "Logger", "7f3c"), entity("d2", "Logger", "8a")], "device", "ref_id", depth=1
    )
    assert (
        "2 devices named 'Logger' are not this stack's: d1 (SERIAL_NO '7f3c'), d2 (SERIAL_NO '8a')" in found
    )
    assert found.endswith(
        "to keep d1: If this platform keeps a device's or sensor's refId as its SERIAL_NO (`iotplan "
        "check-platform`, its A1 line), adopt it with `ref_id: 7f3c`; if not, iotplan cannot manage this "
        "platform's devices and sensors (one adopted so could not be updated). If it is no copy, give this "
        "one another name"
    )


def test_a_copy_without_a_serial_is_not_offered_for_adoption_by_a_ref_id_it_lacks() -> None:
    found = earlier_copy(
        "Logger",
        [LiveEntity("/api/A/node/dynamic/B/device", {"NAME": "Logger"})],
        "device",
        "ref_id",
        depth=1,
    )
    assert "(no SERIAL_NO)" in found and "None" not in found
    assert found.endswith(
        "It has no SERIAL_NO, so `ref_id:` cannot adopt it (devices and sensors are found by refId only): "
        "give /api/A/node/dynamic/B/device a SERIAL_NO in the platform's web app and adopt it with that "
        "`ref_id:`, remove it there, or give one of them another name"
    )


def test_no_entity_with_the_same_name_is_no_earlier_copy() -> None:
    assert earlier_copy("Dam A", [entity("x", "Dam B")], "node", "id", depth=0) == ""


def test_an_entity_without_a_name_has_no_earlier_copy() -> None:
    assert earlier_copy(None, [LiveEntity("x", {})], "node", "id", depth=0) == ""
    assert earlier_copy("", [LiveEntity("x", {"NAME": ""})], "node", "id", depth=0) == ""


# --- in the differ ----------------------------------------------------------------------------------
def copy_of(live, ref_id: str, hex_id: str, observations: int | None) -> LiveConnection:
    project = project_of(live)
    props = {"SERIAL_NO": ref_id, "NAME": "copy"}
    if observations is not None:
        props["OBSERVATION_COUNT"] = observations
    copy = LiveConnection(LiveEntity(f"/api/{hex_id}/node", props), project.id)
    project.connections[copy.node.id] = copy
    return copy


def test_an_empty_connection_copy_is_removed_by_its_own_id_and_the_original_kept() -> None:
    live = live_fleet(observations=2)
    original = connection_of(live, "site:dam-a")
    copy_of(live, "site:dam-a", "C0FFEE", observations=0)
    plan = plan_for(FLEET, live)
    [removal] = plan.writes
    assert (removal.address, removal.action, removal.cause) == (
        "dam-a#C0FFEE",
        Action.REMOVE,
        Cause.DUPLICATE,
    )
    assert removal.live_id == "/api/C0FFEE/node" and removal.connection == "dam-a#C0FFEE"
    assert removal.reason == f"a duplicate of {original.node.id} (refId 'site:dam-a') that holds no data"
    [kept] = [c for c in plan.changes if c.address == "dam-a"]
    assert kept.live_id == original.node.id and kept.action is Action.NOOP


def test_an_empty_connection_copy_goes_with_the_devices_of_ours_it_holds_named() -> None:
    live = live_fleet()
    copy = copy_of(live, "site:dam-a", "C0FFEE", observations=0)
    device = add_device(copy, "0D0D0D", "site:dam-a/logger-1", OBSERVATION_COUNT=0)
    copy.sensors[device.id] = [
        LiveEntity(
            f"{device.id}/0E0E0E/sensor", {"SERIAL_NO": "site:dam-a/logger-1/pz-1", "OBSERVATION_COUNT": 0}
        )
    ]
    [removal] = plan_for(FLEET, live).writes
    assert removal.collateral == ("dam-a#C0FFEE/logger-1", "dam-a#C0FFEE/logger-1/pz-1")
    assert removal.project_id == PROJECT and removal.kind == "node" and not removal.destroys_data


def test_a_connection_copy_holding_foreign_devices_is_refused_rather_than_removed() -> None:
    live = live_fleet(observations=2)
    copy = copy_of(live, "site:dam-a", "C0FFEE", observations=0)
    add_device(copy, "0F0F0F", "other-tool", OBSERVATION_COUNT=0)
    with pytest.raises(PlanError, match=r"dam-a#C0FFEE: removing this duplicate would also remove 1 entity"):
        plan_for(FLEET, live)


def test_a_connection_copy_whose_count_is_unknown_makes_no_plan() -> None:
    live = live_fleet(observations=2)
    copy_of(live, "site:dam-a", "C0FFEE", observations=None)
    copy = copy_of(live, "site:dam-a", "C0FFED", observations=0)
    device = add_device(copy, "0D0D0D", "site:dam-a/logger-1")
    copy.sensors[device.id] = [LiveEntity(f"{device.id}/0E0E0E/sensor", {"SERIAL_NO": "x"}, device.id)]
    with pytest.raises(PlanError) as raised:
        plan_for(FLEET, live)
    assert "  dam-a: 3 connections carry refId 'site:dam-a' and more than one may hold observations" in str(
        raised.value
    )


def test_a_device_carried_twice_is_reported_and_nothing_may_be_written_by_its_ref_id() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices[0]
    twin = dataclasses.replace(logger, id=f"{dam_a.node.id}/dynamic/0B0B0B/device")
    dam_a.devices.append(twin)
    plan = plan_for(FLEET, live)
    [copy] = [c for c in plan.changes if c.action is Action.DUPLICATE]
    assert copy.address == "dam-a/logger-1#0B0B0B" and writes(plan) == []
    assert f"(kept: {logger.id})" in copy.reason
    with pytest.raises(PlanError) as raised:
        plan_for(FLEET.replace("name: Piezometer", "name: PZ", 1), live)
    assert str(raised.value) == (
        "no safe plan exists:\n  dam-a/logger-1/pz-1: would update by device dam-a/logger-1's refId "
        "'site:dam-a/logger-1', which dam-a/logger-1#0B0B0B ('site:dam-a/logger-1') also carries; "
        "integrate cannot tell them apart: remove the duplicate in the platform's web app first"
    )


def test_a_sensor_carried_twice_keeps_the_copy_holding_data() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices[0]
    pz = dam_a.sensors[logger.id][0]
    twin = LiveEntity(f"{logger.id}/0B0B0B/sensor", {**pz.props, "OBSERVATION_COUNT": 9}, logger.id)
    dam_a.sensors[logger.id].insert(0, twin)
    plan = plan_for(FLEET, live)
    [copy] = [c for c in plan.changes if c.action is Action.DUPLICATE]
    assert copy.live_id == pz.id and copy.kind == "sensor"
    [kept] = [c for c in plan.changes if c.address == "dam-a/logger-1/pz-1"]
    assert kept.live_id == twin.id


def test_sensor_copies_one_of_them_uncounted_make_no_plan() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices[0]
    pz = dam_a.sensors[logger.id][0]
    del pz.props["OBSERVATION_COUNT"]
    twin = LiveEntity(f"{logger.id}/0B0B0B/sensor", {**pz.props, "OBSERVATION_COUNT": 9}, logger.id)
    dam_a.sensors[logger.id].append(twin)
    with pytest.raises(PlanError, match="  dam-a/logger-1/pz-1: 2 sensors carry refId"):
        plan_for(FLEET, live)


def test_a_connection_copy_removed_as_a_duplicate_cannot_be_adopted_by_another_node() -> None:
    live = live_fleet()
    copy_of(live, "site:dam-a", "C0FFEE", observations=0)
    text = FLEET.replace("name: Dam B", "name: Dam B\n        id: /api/C0FFEE/node")
    with pytest.raises(PlanError, match="  dam-b: connection /api/C0FFEE/node is already claimed by dam-a"):
        plan_for(text, live)


def test_device_copies_that_both_hold_data_make_no_plan() -> None:
    live = live_fleet(observations=1)
    dam_a = connection_of(live, "site:dam-a")
    twin = add_device(dam_a, "0B0B0B", "site:dam-a/logger-1", OBSERVATION_COUNT=3)
    assert twin.observations == 3
    with pytest.raises(PlanError, match="  dam-a/logger-1: 2 devices carry refId 'site:dam-a/logger-1'"):
        plan_for(FLEET, live)


def test_a_device_renamed_by_moved_is_not_renamed_while_a_copy_carries_its_old_ref_id() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    add_device(dam_a, "0B0B0B", "site:dam-a/logger-1")
    text = (
        FLEET.replace("key: logger-1", "key: logger-9", 1)
        + "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-9}\n"
    )
    with pytest.raises(PlanError) as raised:
        plan_for(text, live)
    assert str(raised.value).splitlines()[1] == (
        "  dam-a/logger-9: would update by its refId 'site:dam-a/logger-1', which dam-a/logger-9#0B0B0B "
        "('site:dam-a/logger-1') also carries; integrate cannot tell "
        "them apart: remove the duplicate in the platform's web app first"
    )


def test_an_unmanaged_connection_named_as_the_one_to_create_is_not_created_again() -> None:
    live = live_fleet()
    project = project_of(live)
    dam_b = connection_of(live, "site:dam-b")
    del project.connections[dam_b.node.id]
    project.unclaimed.append(LiveEntity("/api/ABCDEF/node", {"NAME": "Dam B", "SERIAL_NO": "ABCDEF"}))
    with pytest.raises(PlanError) as raised:
        plan_for(FLEET, live)
    assert "  dam-b: not found by its refId, but node /api/ABCDEF/node named 'Dam B'" in str(raised.value)
    assert "Adopt it with `id: /api/ABCDEF/node`, or give one of them another name" in str(raised.value)


def test_an_unclaimed_connection_named_by_the_platform_after_its_serial_is_not_created_again() -> None:
    """A platform keeping neither a new connection's refId nor its props names it `Data Source API
    Import {hex}`, SERIAL_NO hex (the vendor's integrate page): no name of ours to match it by."""
    live = live_fleet()
    project = project_of(live)
    del project.connections[connection_of(live, "site:dam-b").node.id]
    default = LiveEntity("/api/B09EF2/node", {"NAME": "Data Source API Import B09EF2", "SERIAL_NO": "B09EF2"})
    project.unclaimed.append(default)
    with pytest.raises(PlanError) as raised:
        plan_for(FLEET, live)
    assert str(raised.value).splitlines()[1:] == [
        "  dam-b: not found by its refId, but connection /api/B09EF2/node named 'Data Source API Import "
        "B09EF2' is not claimed, and its name is the one the platform gives a connection it creates without "
        "props: likely an earlier copy on a platform that kept neither its refId nor its props (see "
        "docs/api-assumptions.md, A4). If it is this one, adopt it with `id: /api/B09EF2/node`; otherwise "
        "rename or remove it in the platform's web app: no connection is created while one is left so named"
    ]
    default.props["NAME"] = "Data Source API Import 000000"  # renamed in the web app: not that name
    assert writes(plan_for(FLEET, live))[0] == ("dam-b", Action.CREATE)


def test_a_connection_of_this_stack_with_the_same_name_is_not_an_earlier_copy() -> None:
    live = live_fleet()
    project = project_of(live)
    dam_b = connection_of(live, "site:dam-b")
    del project.connections[dam_b.node.id]
    project.unclaimed.append(LiveEntity("/api/ABCDEF/node", {"NAME": "Dam B", "SERIAL_NO": "site:old"}))
    assert writes(plan_for(FLEET, live))[0] == ("dam-b", Action.CREATE)


def test_an_unmanaged_device_named_as_the_one_to_create_is_named_for_adoption() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    logger = dam_b.devices.pop()
    dam_b.sensors.pop(logger.id)
    add_device(dam_b, "0B0B0B", "7f3c", NAME="Logger")
    with pytest.raises(
        PlanError, match=r"  dam-b/logger-1: not found by its refId, .* adopt it with `ref_id: 7f3c`"
    ):
        plan_for(FLEET, live)


UNNAMED_LOGGER = FLEET.replace("            name: Logger\n", "", 1)  # dam-a/logger-1, named nothing


def test_an_unnamed_unmanaged_device_of_the_template_of_an_unnamed_one_to_create_is_not_created_again() -> (
    None
):
    """Where a device's refId is not kept, an unnamed one has nothing else to be recognised by."""
    live = live_fleet(UNNAMED_LOGGER)
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices.pop(0)
    dam_a.sensors.pop(logger.id)
    copy = add_device(dam_a, "0B0B0B", "9863fa9c", INTEGRATION_ID="IMPORT_DEVICE_SDE")
    del copy.props["NAME"]
    with pytest.raises(PlanError) as raised:
        plan_for(UNNAMED_LOGGER, live)
    assert str(raised.value).splitlines()[1:] == [
        f"  dam-a/logger-1: not found by its refId, but device {copy.id} (IMPORT_DEVICE_SDE, no name, "
        "SERIAL_NO '9863fa9c') is where it would be created, and is not this stack's: likely an earlier copy "
        "on a platform that did not keep its refId (see docs/api-assumptions.md). If this platform keeps a "
        "device's or sensor's refId as its SERIAL_NO (`iotplan check-platform`, its A1 line), adopt it with "
        "`ref_id: 9863fa9c`; if not, iotplan cannot manage this platform's devices and sensors (one adopted "
        "so could not be updated). If it is no copy, give one of them a name"
    ]
    copy.props["INTEGRATION_ID"] = "DEMO_DEVICE_SDE"  # another template: another device
    assert ("dam-a/logger-1", Action.CREATE) in writes(plan_for(UNNAMED_LOGGER, live))


def test_another_stacks_unnamed_device_of_the_template_is_no_earlier_copy_to_adopt() -> None:
    """Its SERIAL_NO names its stack: the platform kept its refId, so it is no copy, and adopting it
    would give it two owners."""
    live = live_fleet(UNNAMED_LOGGER)
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices.pop(0)
    dam_a.sensors.pop(logger.id)
    other = add_device(dam_a, "0B0B0B", "gamma:dam-a/pump", INTEGRATION_ID="IMPORT_DEVICE_SDE")
    del other.props["NAME"]
    assert ("dam-a/logger-1", Action.CREATE) in writes(plan_for(UNNAMED_LOGGER, live))


def air_replaced_by_an_unnamed_copy(serial: str) -> tuple[LiveState, LiveEntity]:
    """dam-b's air sensor gone, and an unnamed TEMPERATURE_SDE sensor with SERIAL_NO `serial` in its place."""
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    logger = dam_b.devices[0]
    air = next(s for s in dam_b.sensors[logger.id] if s.ref_id == "site:dam-b/logger-1/air")
    dam_b.sensors[logger.id].remove(air)
    return live, add_sensor(dam_b, logger, "0C0C0C", serial, INTEGRATION_ID="TEMPERATURE_SDE", NAME="")


def test_an_unnamed_unmanaged_sensor_of_the_template_of_an_unnamed_one_to_create_is_not_created_again() -> (
    None
):
    live, copy = air_replaced_by_an_unnamed_copy("4dd65699")
    with pytest.raises(
        PlanError, match=rf"  dam-b/logger-1/air: not found by its refId, but sensor {copy.id} "
    ):
        plan_for(FLEET, live)
    copy.props["NAME"] = "Air (another tool's)"  # a name of its own: not ours
    assert ("dam-b/logger-1/air", Action.CREATE) in writes(plan_for(FLEET, live))


def test_an_empty_name_is_no_name_to_tell_a_copy_by_and_is_said_as_it_is() -> None:
    """A platform may keep an unnamed entity's NAME as "": an earlier copy must not be missed for it.
    The refusal once said "no name" of a sensor the web app shows with an empty one."""
    live, copy = air_replaced_by_an_unnamed_copy("hand-empty")
    with pytest.raises(
        PlanError, match=rf"sensor {copy.id} \(TEMPERATURE_SDE, an empty NAME, SERIAL_NO 'hand-empty'\)"
    ):
        plan_for(FLEET, live)
    del copy.props["NAME"]
    with pytest.raises(PlanError, match=r"\(TEMPERATURE_SDE, no name, SERIAL_NO 'hand-empty'\)"):
        plan_for(FLEET, live)


def test_an_empty_connection_copy_found_by_its_moved_from_refid_names_the_refid_it_carries() -> None:
    """A `moved` node is found by the refId its entry renames from: its copy carries that one, not the
    new one the rename would give, and it is quoted as live refIds are (escaped, masked)."""
    live = live_fleet(observations=2)
    original = connection_of(live, "site:dam-a")
    copy_of(live, "site:dam-a", "C0FFEE", observations=0)
    text = FLEET.replace("key: dam-a", "key: dam-z", 1) + "moved:\n  - {from: dam-a, to: dam-z}\n"
    [removal] = [change for change in plan_for(text, live).writes if change.cause is Cause.DUPLICATE]
    assert removal.reason == f"a duplicate of {original.node.id} (refId 'site:dam-a') that holds no data"
