"""One refId carried twice, and an earlier copy the platform did not keep a refId for."""

from __future__ import annotations

import dataclasses
import re

import pytest

from iotplan.errors import PlanError, UnreadProjectError
from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan import diff
from iotplan.plan.model import Action, Cause, PlanOptions
from tests.plan.livebuilder import applied, empty, find, first_connection
from tests.plan.test_diff import MANIFEST, find_change, load, plan_for


def _project(live):
    return next(iter(live.projects.values()))


def _copy_connection(live, serial: str, observations: int) -> LiveConnection:
    """A second connection carrying the same refId, as two applies at once can leave."""
    project = _project(live)
    props = {"SERIAL_NO": serial, "NAME": "Dam A", "OBSERVATION_COUNT": observations}
    copy = LiveConnection(LiveEntity("/api/C0FFEE/node", props), project_id=project.id)
    project.connections[copy.node.id] = copy
    return copy


def test_an_extra_connection_copy_holding_no_data_is_removed_by_its_own_id() -> None:
    live = applied(load())
    _copy_connection(live, "site:dam-a", observations=0)
    plan = plan_for(load(), live)
    [removal] = plan.writes
    assert (removal.address, removal.action, removal.cause) == (
        "dam-a#C0FFEE",
        Action.REMOVE,
        Cause.DUPLICATE,
    )
    assert removal.live_id == "/api/C0FFEE/node" and removal.connection == "dam-a#C0FFEE"


def test_the_copy_that_holds_data_is_the_one_kept() -> None:
    live = applied(load())
    original = find(live, "site:dam-a")
    emptied = _project(live).connections[original.id]
    emptied.node.props["OBSERVATION_COUNT"] = 0
    emptied.devices, emptied.sensors = [], {}
    _copy_connection(live, "site:dam-a", observations=5)
    plan = plan_for(load(), live)
    [removal] = [change for change in plan.changes if change.action is Action.REMOVE]
    assert removal.live_id == original.id


def test_a_device_is_not_created_in_the_kept_copy_while_the_removed_copy_still_carries_its_ref_id() -> None:
    """Removals come last: the copy planned for removal still carries the refIds when they are sent."""
    live = applied(load())
    original = find(live, "site:dam-a")
    _project(live).connections[original.id].node.props["OBSERVATION_COUNT"] = 0
    _copy_connection(live, "site:dam-a", observations=5)
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    assert (
        f"  dam-a/logger-1: would create device with refId 'site:dam-a/logger-1', which device "
        f"{find(live, 'site:dam-a/logger-1').id} in connection dam-a ({original.id}) already carries"
    ) in str(refused.value)
    assert (
        f"This plan removes it (dam-a#{original.short_id}), but only after its creations: first apply the "
        "manifest without dam-a/logger-1, which removes it, then this one"
    ) in str(refused.value)


def test_two_copies_that_may_hold_data_refuse_the_plan() -> None:
    live = applied(load(), observations=3)
    _copy_connection(live, "site:dam-a", observations=9)
    with pytest.raises(PlanError, match=r"2 connections carry refId 'site:dam-a' and more than one may hold"):
        plan_for(load(), live)


def test_a_copy_without_a_count_counts_as_holding_data() -> None:
    live = applied(load(), observations=3)
    copy = _copy_connection(live, "site:dam-a", observations=0)
    copy.devices.append(LiveEntity(f"{copy.node.id}/dynamic/C0FFE1/device", {"SERIAL_NO": "x"}, copy.node.id))
    copy.sensors[copy.devices[0].id] = [
        LiveEntity(f"{copy.devices[0].id}/C0FFE2/sensor", {}, copy.devices[0].id)
    ]
    with pytest.raises(PlanError, match="more than one may hold observations"):
        plan_for(load(), live)


def test_a_device_carried_twice_is_reported_and_no_write_may_reach_its_ref_id() -> None:
    live = applied(load())
    device = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    twin = dataclasses.replace(
        device, id=device.id.replace("/device", "1/device").replace("dynamic/", "dynamic/B")
    )
    connection.devices.append(twin)
    assert [c.action for c in plan_for(load(), live).changes if c.cause is Cause.DUPLICATE] == [
        Action.DUPLICATE
    ]
    renamed = MANIFEST.replace("name: Logger", "name: Crest logger")
    with pytest.raises(
        PlanError,
        match=r"by its refId 'site:dam-a/logger-1', which dam-a/logger-1#\w+ \('site:dam-a/logger-1'\) also",
    ):
        plan_for(load(renamed), live)


def test_an_unmanaged_connection_with_the_same_name_is_named_as_a_likely_earlier_copy() -> None:
    live = empty(load())
    _project(live).unclaimed.append(LiveEntity("/api/ABCDEF/node", {"NAME": "Dam A", "SERIAL_NO": "ABCDEF"}))
    with pytest.raises(
        PlanError, match=r"dam-a: not found by its refId, but node /api/ABCDEF/node named 'Dam A'"
    ):
        plan_for(load(), live)


def test_an_unmanaged_device_with_the_same_name_is_adopted_by_ref_id_not_created_again() -> None:
    assert re.search(r"adopt it with `ref_id: u-1`", _refusal_beside_a_stray("u-1"))


def test_a_same_named_device_whose_serial_holds_a_credential_is_shown_masked_and_not_to_adopt() -> None:
    refused = _refusal_beside_a_stray("SN-7 ?api_key=k-89")  # no `stack:` before it: no other stack's
    assert "(SERIAL_NO 'SN-7 ?api_key=(sensitive)')" in refused
    assert "Its SERIAL_NO holds a credential, so `ref_id:` cannot adopt it" in refused
    assert "k-89" not in refused


def test_a_same_named_device_whose_serial_names_a_credential_is_not_to_adopt_by_it() -> None:
    """Import refuses to write such a refId (render/imported.py): the plan advised adopting by it."""
    refused = _refusal_beside_a_stray("Bearer k-8977")
    assert "Its SERIAL_NO holds a credential, so `ref_id:` cannot adopt it" in refused
    assert "`ref_id: Bearer" not in refused


def test_a_same_named_device_whose_serial_holds_a_user_and_password_is_not_to_adopt_by_it() -> None:
    """`ops:pw@host` without a scheme: the refusal showed it masked, then advised `ref_id:` in clear."""
    refused = _refusal_beside_a_stray("SN-7 ops:hunter2@10.0.0.5")
    assert "Its SERIAL_NO holds a credential, so `ref_id:` cannot adopt it" in refused
    assert "hunter2" not in refused


def _refusal_beside_a_stray(serial: str) -> str:
    """dam-a/logger-1 gone, and in its place another tool's device named "Logger" with `serial`: the
    plan's refusal of creating the logger beside it."""
    live = applied(load())
    connection = first_connection(live)
    connection.devices.remove(find(live, "site:dam-a/logger-1"))
    stray = LiveEntity(
        f"{connection.node.id}/dynamic/0B0B0B/device",
        {"NAME": "Logger", "SERIAL_NO": serial},
        connection.node.id,
    )
    connection.devices.append(stray)
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    return str(refused.value)


def _without_logger(live) -> LiveEntity:
    """The live state with logger-1 and its sensors gone from dam-a: the plan creates them."""
    connection = first_connection(live)
    logger = find(live, "site:dam-a/logger-1")
    connection.devices.remove(logger)
    del connection.sensors[logger.id]
    return logger


def _foreign(live, *carried: LiveEntity) -> LiveConnection:
    """Another tool's connection, as the project's lists answer it: only what carries a declared refId."""
    node = LiveEntity("/api/0FF1CE/node", {"NAME": "Legacy feed", "SERIAL_NO": "legacy:site"})
    foreign = LiveConnection(node, _project(live).id)
    for entity in carried:
        if entity.id.endswith("/device"):
            foreign.devices.append(entity)
        else:
            foreign.sensors.setdefault(str(entity.parent_id), []).append(entity)
    _project(live).elsewhere[node.id] = foreign
    return foreign


LEGACY_DEVICE = "/api/0FF1CE/node/dynamic/0A0A0A/device"


def _refused_for_a_foreign_device_carrying(serial: str) -> str:
    """The one problem of a plan whose logger-1 is gone while another tool's device carries `serial`."""
    live = applied(load())
    _without_logger(live)
    _foreign(live, LiveEntity(LEGACY_DEVICE, {"SERIAL_NO": serial}, "/api/0FF1CE/node"))
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    [problem] = str(refused.value).splitlines()[1:]
    return problem


def test_a_device_whose_ref_id_another_connection_carries_is_not_created_but_named() -> None:
    legacy = LEGACY_DEVICE
    problem = _refused_for_a_foreign_device_carrying("site:dam-a/logger-1")
    assert problem.startswith(
        f"  dam-a/logger-1: would create device with refId 'site:dam-a/logger-1', which device {legacy} "
        "in connection 'Legacy feed' (/api/0FF1CE/node) already carries: "
    )
    assert "declare it where it lives, in a node with `id: /api/0FF1CE/node`" in problem


def test_a_connection_or_device_named_with_a_password_is_named_masked_in_a_refusal() -> None:
    """Another tool may put a URL's password in a NAME: plans show it (sensitive), refusals too."""
    live = applied(load())
    _without_logger(live)
    legacy = _foreign(
        live, LiveEntity(LEGACY_DEVICE, {"SERIAL_NO": "site:dam-a/logger-1"}, "/api/0FF1CE/node")
    )
    legacy.node.props["NAME"] = "Legacy https://admin:hunter2-secret@feed.example.com"
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    assert "hunter2" not in str(refused.value)
    assert "connection 'Legacy https://(sensitive)@feed.example.com' (/api/0FF1CE/node)" in str(refused.value)
    unnamed = MANIFEST.replace("            name: Logger\n", "")
    _, problem = _refused_beside(
        {"SERIAL_NO": "site-old:dam-a/logger-1", "NAME": "https://op:hunter2-secret@h.example.com"}, unnamed
    )
    assert "hunter2" not in problem and "named 'https://(sensitive)@h.example.com'" in problem


def test_a_sensor_whose_ref_id_a_device_elsewhere_carries_is_not_created_but_named() -> None:
    live = applied(load())
    _without_logger(live)
    legacy_device = "/api/0FF1CE/node/dynamic/0A0A0A/device"
    air = LiveEntity(
        f"{legacy_device}/0A0A0B/sensor", {"SERIAL_NO": "site:dam-a/logger-1/air"}, legacy_device
    )
    _foreign(live, air)
    with pytest.raises(PlanError, match=r"dam-a/logger-1/air: would create sensor .* which sensor "):
        plan_for(load(), live)


def test_a_sensor_a_fenced_move_left_under_the_renamed_connection_is_not_created_twice() -> None:
    """`moved: dam-a → dam-z` applied with --exclude dam-z/logger-1/pz-1: pz-1 kept its old refId under
    dam-z. A manifest that still says dam-a (a revert, an older branch) must not make a second pz-1."""
    live = applied(load())
    connection = first_connection(live)
    for entity in (connection.node, *connection.devices, *connection.sensors_of(connection.devices[0])):
        if entity.ref_id != "site:dam-a/logger-1/pz-1":
            entity.props["SERIAL_NO"] = entity.ref_id.replace("site:dam-a", "site:dam-z")
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    [problem] = str(refused.value).splitlines()[1:]
    assert problem.startswith(
        "  dam-a/logger-1/pz-1: would create sensor with refId 'site:dam-a/logger-1/pz-1', which sensor "
    )
    assert f"in connection dam-z ({connection.node.id}) already carries" in problem
    assert "Its refId names connection dam-a, not dam-z" in problem
    assert "`moved: [{from: dam-z, to: dam-a}]`" in problem
    assert "or when that apply stopped between two calls. Apply that rename again, without a fence" in problem


def test_a_creation_in_a_project_whose_connections_were_not_all_read_asks_for_the_rest() -> None:
    live = applied(load())
    _project(live).unread["/api/0FF1CE/node"] = LiveEntity("/api/0FF1CE/node", {"NAME": "Legacy feed"})
    assert not plan_for(load(), live).summary.has_changes  # creating nothing, it needs nothing more
    _without_logger(live)
    with pytest.raises(UnreadProjectError) as unread:
        plan_for(load(), live)
    assert unread.value.ref_ids == {
        _project(live).id: {f"site:dam-a/logger-1{key}" for key in ("", "/pz-1", "/air")}
    }


def test_a_plan_waiting_for_unread_connections_resumes_without_diffing_again(monkeypatch) -> None:
    """Once the caller has read the rest (live/read.py read_unread), the plan resumes: what the
    rest holds decides only the refId check, so its diff is not made twice (a cold shard's is long)."""
    live = applied(load())
    legacy = LiveEntity("/api/0FF1CE/node", {"NAME": "Legacy feed"})
    _without_logger(live)
    diffed = []
    monkeypatch.setattr(diff._Differ, "connection", _counting(diff._Differ.connection, diffed))
    _project(live).unread[legacy.id] = legacy
    with pytest.raises(UnreadProjectError) as unread:
        plan_for(load(), live)
    _project(live).unread = {}  # as read_unread leaves it, having found no carrier
    resumed = unread.value.resume()
    assert len(diffed) == 1
    assert resumed.changes == plan_for(load(), live).changes
    assert [c.action for c in resumed.changes if c.action is not Action.NOOP] == [Action.CREATE] * 3


def test_a_resumed_plan_still_refuses_a_refid_the_unread_connections_carry() -> None:
    live = applied(load())
    logger = _without_logger(live)
    _project(live).unread["/api/0FF1CE/node"] = LiveEntity("/api/0FF1CE/node", {"NAME": "Legacy feed"})
    with pytest.raises(UnreadProjectError) as unread:
        plan_for(load(), live)
    _project(live).unread = {}
    _foreign(live, logger)  # what read_unread found there
    with pytest.raises(PlanError) as refused:
        unread.value.resume()
    assert "dam-a/logger-1: would create device with refId 'site:dam-a/logger-1', which device" in str(
        refused.value
    )


def test_a_plan_resumed_before_the_rest_is_read_asks_for_it_again() -> None:
    live = applied(load())
    _without_logger(live)
    _project(live).unread["/api/0FF1CE/node"] = LiveEntity("/api/0FF1CE/node", {"NAME": "Legacy feed"})
    with pytest.raises(UnreadProjectError) as unread:
        plan_for(load(), live)
    with pytest.raises(UnreadProjectError):
        unread.value.resume()


def _counting(method, calls: list):
    def counted(*args, **kwargs):
        calls.append(args)
        return method(*args, **kwargs)

    return counted


def test_a_replaced_device_creates_its_own_sensors_again_but_not_one_carried_elsewhere() -> None:
    """The live sensors of a replaced device go before it is created again (its sensors with it)."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["INTEGRATION_ID"] = "DEMO_DEVICE_SDE"
    assert [c.action for c in plan_for(load(), live).changes if c.address.startswith("dam-a/logger-1")] == [
        Action.REPLACE,
        Action.CREATE,
        Action.CREATE,
    ]
    legacy_device = "/api/0FF1CE/node/dynamic/0A0A0A/device"
    air = LiveEntity(
        f"{legacy_device}/0A0A0B/sensor", {"SERIAL_NO": "site:dam-a/logger-1/air"}, legacy_device
    )
    _foreign(live, air)
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    [problem] = str(refused.value).splitlines()[1:]
    assert problem.startswith(
        "  dam-a/logger-1/air: would create sensor with refId 'site:dam-a/logger-1/air', "
        f"which sensor {air.id} "
    )


# --- between stacks ----------------------------------------------------------------------------------
def _device(connection: LiveConnection, hex_id: str, props: dict[str, object]) -> LiveEntity:
    device = LiveEntity(f"{connection.node.id}/dynamic/{hex_id}/device", props, connection.node.id)
    connection.devices.append(device)
    return device


def _refused_beside(props: dict[str, object], manifest: str = MANIFEST) -> tuple[LiveEntity, str]:
    """The device with `props` where dam-a/logger-1 would be created, and the plan's one problem."""
    live = applied(load())
    _without_logger(live)
    device = _device(first_connection(live), "0B0B0B", props)
    with pytest.raises(PlanError) as refused:
        plan_for(load(manifest), live)
    [problem] = str(refused.value).splitlines()[1:]
    return device, problem


def test_another_stacks_device_with_the_same_name_is_named_as_its_and_never_offered_for_ref_id() -> None:
    """Adopting it by `ref_id:`, as the message once advised, gave it two owners that each removed
    or created it in turn."""
    gamma, problem = _refused_beside({"NAME": "Logger", "SERIAL_NO": "gamma:on-site/glog"})
    assert problem == (
        f"  dam-a/logger-1: not found by its refId, but device {gamma.id} named 'Logger' belongs to stack "
        "'gamma' (SERIAL_NO 'gamma:on-site/glog'). If this stack was renamed from 'gamma', keep `stack: "
        "gamma` (a stack cannot be renamed: stack 'gamma' still owns all it made). An entity cannot move "
        "between stacks, and adopting it with `ref_id:` would give it two owners: leave it to stack 'gamma'"
    )


PINNED_LEGACY = MANIFEST.replace(
    "          - key: logger-1\n", "          - key: logger-1\n            ref_id: LG-1001\n"
)


def test_a_pinned_device_found_only_by_its_name_is_said_first_to_have_had_its_serial_changed() -> None:
    """An imported logger pinned by `ref_id:` whose SERIAL_NO someone retyped in the web app (or
    whose logger was replaced) was said to be an earlier copy only, which misled about the cause."""
    legacy, problem = _refused_beside({"NAME": "Logger", "SERIAL_NO": "LG-2002"}, PINNED_LEGACY)
    assert problem.startswith(
        f"  dam-a/logger-1: not found by its refId, but device {legacy.id} named 'Logger' (SERIAL_NO "
        "'LG-2002') is not this stack's: likely the one `ref_id: LG-1001` adopts, its SERIAL_NO changed in "
        "the platform's web app (a logger replaced, a serial retyped), or an earlier copy on a platform "
        "that did not keep its refId (see docs/api-assumptions.md). "
    )
    assert problem.endswith(
        "adopt it with `ref_id: LG-2002`; if not, iotplan cannot manage this platform's devices and sensors "
        "(one adopted so could not be updated). If it is neither, give one of them another name"
    )


def test_another_stacks_connection_with_the_same_name_may_be_shared_by_id_and_stays_its() -> None:
    live = empty(load())
    _project(live).unclaimed.append(
        LiveEntity("/api/ABCDEF/node", {"NAME": "Dam A", "SERIAL_NO": "gamma:g1"})
    )
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    assert (
        "dam-a: not found by its refId, but node /api/ABCDEF/node named 'Dam A' belongs to stack 'gamma' "
        "(SERIAL_NO 'gamma:g1'). If this stack was renamed from 'gamma', keep `stack: gamma` (a stack cannot "
        "be renamed: stack 'gamma' still owns all it made); to add to that connection, pin it with "
        "`id: /api/ABCDEF/node` (stack 'gamma' keeps it)"
    ) in str(refused.value)


PINNED_TO_GAMMA = MANIFEST.replace(
    "          - key: logger-1\n", "          - key: logger-1\n            ref_id: gamma:on-site/glog\n"
)


def test_a_device_is_never_created_with_a_ref_id_another_stack_owns() -> None:
    live = applied(load())
    _without_logger(live)
    with pytest.raises(PlanError) as refused:
        plan_for(load(PINNED_TO_GAMMA), live)
    [problem] = str(refused.value).splitlines()[1:]
    assert problem == (
        "  dam-a/logger-1: would create device with refId 'gamma:on-site/glog', which belongs to stack "
        "'gamma': that stack would remove it whenever its manifest leaves it out, and this one create it "
        "again. An entity cannot move between stacks: declare it in that stack's manifest, or drop its "
        "`ref_id:` so that it gets one of this stack's"
    )


def test_a_live_device_adopted_with_another_stacks_ref_id_is_said_to_stay_that_stacks() -> None:
    """`import --stack` hands a selection over that way (README): adopting is allowed, and said."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["SERIAL_NO"] = "gamma:on-site/glog"
    logger = find_change(plan_for(load(PINNED_TO_GAMMA), live), "dam-a/logger-1")
    assert logger.action is Action.NOOP
    assert logger.reason == "in sync; stack 'gamma' owns it too, and removes it when its manifest drops it"
    find(live, "gamma:on-site/glog").props["SERIAL_NO"] = "hand-logger-1"  # no stack's: adopted as ever
    hand_made = PINNED_TO_GAMMA.replace("gamma:on-site/glog", "hand-logger-1")
    logger = find_change(plan_for(load(hand_made), live), "dam-a/logger-1")
    assert (logger.action, logger.reason) == (Action.NOOP, "in sync")


def test_an_entity_at_this_address_in_another_stack_says_this_stack_looks_renamed() -> None:
    """Without a name too: matched by its address, not by its name."""
    unnamed = MANIFEST.replace("            name: Logger\n", "")
    old, problem = _refused_beside({"SERIAL_NO": "site-old:dam-a/logger-1"}, unnamed)
    assert problem == (
        f"  dam-a/logger-1: not found by its refId 'site:dam-a/logger-1', but device {old.id} carries "
        "'site-old:dam-a/logger-1', this address in stack 'site-old': it was likely moved here from the "
        "manifest of stack 'site-old', or this stack looks renamed from 'site-old'. An entity cannot move "
        "between stacks, nor a stack be renamed (stack 'site-old' still owns all it made, and its plan "
        "removes what its manifest drops, with its history): keep this entity in the manifest of stack "
        "'site-old', or give it another key here (a new entity, with new history); if this manifest is "
        "stack 'site-old' renamed, keep `stack: site-old`; if stack 'site-old' is another network that "
        "uses this address too, give this one another key"
    )


def test_another_stacks_entity_at_this_address_named_otherwise_is_another_network_and_let_be() -> None:
    """Each key is its stack's own: two stacks may both have a `logger-1`. Named differently, the other
    stack's is not taken for this stack renamed; this one is created beside it."""
    live = applied(load())
    _without_logger(live)
    _device(first_connection(live), "0B0B0B", {"SERIAL_NO": "other:dam-a/logger-1", "NAME": "Their logger"})
    logger = find_change(plan_for(load(), live), "dam-a/logger-1")
    assert logger.action is Action.CREATE


def _re_keyed_by_id(live, key: str = "dam-z") -> str:
    """The manifest with dam-a's connection pinned by its id under another key, and no `moved`."""
    node_id = first_connection(live).node.id
    return MANIFEST.replace("      - key: dam-a\n", f"      - key: {key}\n        id: {node_id}\n")


def test_a_device_left_by_a_connection_re_keyed_without_moved_refuses_and_points_to_moved() -> None:
    """Once planned as a create and a removal at one address, the removal saying "not in the
    manifest" of a device the manifest declares; applied, every device lost its ids."""
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    with pytest.raises(PlanError) as refused:
        plan_for(load(_re_keyed_by_id(live)), live)
    [problem] = str(refused.value).splitlines()[1:]  # and no removal refused besides
    assert problem == (
        f"  dam-z/logger-1: not found by its refId 'site:dam-z/logger-1', but this stack's device "
        f"{logger.id} with the same key is where it would go, with refId 'site:dam-a/logger-1': likely "
        "dam-a was renamed dam-z without `moved`. To keep it and its history, add "
        "`moved: [{from: dam-a, to: dam-z}]`; to replace it, first apply the manifest without "
        "dam-z/logger-1, which removes it"
    )
    moved = _re_keyed_by_id(live) + "moved:\n  - {from: dam-a, to: dam-z}\n"
    assert {c.action for c in plan_for(load(moved), live).writes} == {Action.UPDATE}


def test_a_device_a_re_keyed_connection_no_longer_declares_is_removed_naming_its_refids_address() -> None:
    live = applied(load())
    text = _re_keyed_by_id(live).replace("          - key: logger-1\n", "          - key: logger-2\n")
    text = text.replace("name: Logger", "name: Crest logger")
    [removal] = [c for c in plan_for(load(text), live).changes if c.action is Action.REMOVE]
    assert (removal.address, removal.reason) == (
        "dam-z/logger-1",
        "not in the manifest; owned by stack 'site' as dam-a/logger-1, with 2 sensors",
    )


def test_a_removal_pruning_what_the_stack_does_not_own_names_each_one() -> None:
    """As the refusal without --prune-unmanaged names them, and the replace."""
    live = applied(load())
    connection = first_connection(live)
    logger = find(live, "site:dam-a/logger-1")
    hand = LiveEntity(f"{logger.id}/0C0C0C/sensor", {"SERIAL_NO": "manual-s9"}, logger.id)
    connection.sensors[logger.id].append(hand)
    gamma = _device(connection, "0B0B0B", {"SERIAL_NO": "gamma:legacy"})
    without_logger = MANIFEST.split("        devices:\n")[0] + "        devices: []\n"
    plan = plan_for(load(without_logger), live, PlanOptions(prune_unmanaged=True))
    logger_removal = find_change(plan, "dam-a/logger-1")
    assert logger_removal.reason == (
        "not in the manifest; owned by stack 'site', with 3 sensors; 1 entity it does not own goes with "
        "it: dam-a/logger-1/#0C0C0C (SERIAL_NO 'manual-s9')"
    )
    no_node = MANIFEST.split("    nodes:\n")[0] + "    nodes: []\n"
    [node] = plan_for(load(no_node), live, PlanOptions(prune_unmanaged=True)).changes
    assert node.reason == (
        "not in the manifest; owned by stack 'site', with 2 devices and 3 sensors; 2 entities it does not "
        f"own go with it: dam-a/logger-1/#0C0C0C (SERIAL_NO 'manual-s9'), dam-a/#{gamma.short_id} "
        "(SERIAL_NO 'gamma:legacy')"
    )


def test_a_removal_pruning_an_entity_whose_serial_holds_a_credential_names_it_masked() -> None:
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    hand = LiveEntity(f"{logger.id}/0C0C0C/sensor", {"SERIAL_NO": "https://u:pw-90@h.example"}, logger.id)
    first_connection(live).sensors[logger.id].append(hand)
    without_logger = MANIFEST.split("        devices:\n")[0] + "        devices: []\n"
    plan = plan_for(load(without_logger), live, PlanOptions(prune_unmanaged=True))
    assert find_change(plan, "dam-a/logger-1").reason.endswith(
        "goes with it: dam-a/logger-1/#0C0C0C (SERIAL_NO 'https://(sensitive)@h.example')"
    )


def test_a_sensor_moved_to_another_device_is_refused_saying_what_it_holds_and_how_to_keep_it() -> None:
    """Moved in the web app, its refId kept: created again where declared, it would be a second
    carrier, and applying without it (the advice once given first) destroys its history."""
    live = applied(load())
    connection = first_connection(live)
    pz = find(live, "site:dam-a/logger-1/pz-1")
    del pz.props["OBSERVATION_COUNT"]  # not reported: unknown, never taken as none
    connection.sensors[str(pz.parent_id)].remove(pz)
    other = _device(connection, "0B0B0B", {"SERIAL_NO": "site:dam-a/logger-2"})
    connection.sensors[other.id] = [
        dataclasses.replace(pz, id=f"{other.id}/0C0C0C/sensor", parent_id=other.id)
    ]
    with_logger_2 = MANIFEST + "          - key: logger-2\n"
    with pytest.raises(PlanError) as refused:
        plan_for(load(with_logger_2), live)
    [problem] = str(refused.value).splitlines()[1:]
    assert problem.endswith(
        "It holds an unknown number of observations. To keep it, declare it where it now is, under "
        "dam-a/logger-2, with `ref_id: site:dam-a/logger-1/pz-1` (a device or sensor cannot move to another "
        "parent), or move it back under dam-a/logger-1 in the platform's web app. A manifest without "
        "dam-a/logger-1/pz-1 removes it (dam-a/logger-2/pz-1), destroying an unknown number of observations"
    )


# --- refIds that differ only in case ------------------------------------------------------------------
# The manifest refuses two such as one entity to the platform (it documents no case rule): the live
# checks fold case alike.
PZ_RE_KEYED = MANIFEST.replace("key: pz-1", "key: PZ-1")


def test_a_key_renamed_only_in_case_is_refused_naming_the_moved_entry_that_keeps_its_history() -> None:
    """Once planned as a creation and a removal: on a platform that matches refIds without case, the
    `new` would reach the live sensor and the `remove` after it take it, with its history."""
    live = applied(load(), observations=100)
    pz = find(live, "site:dam-a/logger-1/pz-1")
    with pytest.raises(PlanError) as refused:
        plan_for(load(PZ_RE_KEYED), live)
    [problem] = str(refused.value).splitlines()[1:]  # and no removal besides
    assert problem == (
        "  dam-a/logger-1/PZ-1: not found by its refId 'site:dam-a/logger-1/PZ-1', but sensor "
        f"{pz.id} carries 'site:dam-a/logger-1/pz-1', which differs from it only in case: the platform "
        "documents no case rule for refIds, so it may take the two for one entity (docs/api-assumptions.md, "
        "A1++). If dam-a/logger-1/PZ-1 is dam-a/logger-1/pz-1 renamed, add `moved: [{from: "
        "dam-a/logger-1/pz-1, to: dam-a/logger-1/PZ-1}]`, which keeps it and its history; otherwise give "
        "dam-a/logger-1/PZ-1 a key that differs by more than case"
    )
    moved = PZ_RE_KEYED + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/PZ-1}\n"
    [rename] = plan_for(load(moved), live).writes
    assert (rename.address, rename.action, rename.live_id) == ("dam-a/logger-1/PZ-1", Action.UPDATE, pz.id)


def test_a_connection_key_renamed_only_in_case_is_refused_once_naming_moved() -> None:
    live = applied(load())
    with pytest.raises(PlanError) as refused:
        plan_for(load(MANIFEST.replace("key: dam-a", "key: DAM-A")), live)
    [problem] = str(refused.value).splitlines()[1:]  # not one more per device and sensor under it
    node = first_connection(live).node.id
    assert problem.startswith(
        f"  DAM-A: not found by its refId 'site:DAM-A', but node {node} carries 'site:dam-a'"
    )
    assert problem.endswith(
        "If DAM-A is dam-a renamed, add `moved: [{from: dam-a, to: DAM-A}]`, which keeps it and its history; "
        "otherwise give DAM-A a key that differs by more than case"
    )


def test_a_project_finds_its_connections_in_any_case_from_the_index_it_keeps_current() -> None:
    """One index of connections by refId, kept by the project (the differ kept a second, never renewed)."""
    live = applied(load())
    project = _project(live)
    assert [c.node.ref_id for c in project.copies_in_any_case("SITE:DAM-A")] == ["site:dam-a"]
    _copy_connection(live, "Site:Dam-A", 0)
    assert [c.node.ref_id for c in project.copies_in_any_case("site:dam-a")] == ["site:dam-a", "Site:Dam-A"]
    assert [c.node.ref_id for c in project.copies("site:dam-a")] == ["site:dam-a"]


def test_a_device_whose_ref_id_another_connection_carries_in_another_case_is_not_created() -> None:
    legacy = LEGACY_DEVICE
    problem = _refused_for_a_foreign_device_carrying("SITE:DAM-A/logger-1")
    assert problem.startswith(
        f"  dam-a/logger-1: would create device with refId 'site:dam-a/logger-1', which device {legacy} in "
        "connection 'Legacy feed' (/api/0FF1CE/node) already carries as 'SITE:DAM-A/logger-1' (refIds that "
        "differ only in case may be one: no case rule is documented): "
    )


def test_a_device_this_stack_keeps_elsewhere_in_another_case_is_named_as_perhaps_renamed() -> None:
    live = applied(load())
    _without_logger(live)
    legacy = "/api/0FF1CE/node/dynamic/0A0A0A/device"
    _foreign(live, LiveEntity(legacy, {"SERIAL_NO": "site:dam-a/Logger-1"}, "/api/0FF1CE/node"))
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    [problem] = str(refused.value).splitlines()[1:]
    assert problem.endswith(
        "If dam-a/logger-1 is dam-a/Logger-1 renamed, add "
        "`moved: [{from: dam-a/Logger-1, to: dam-a/logger-1}]`, which keeps it and its history; "
        "otherwise give dam-a/logger-1 a key that differs by more than case"
    )


def test_two_live_siblings_whose_ref_ids_differ_only_in_case_are_copies_and_no_write_reaches_them() -> None:
    live = applied(load())
    connection = first_connection(live)
    logger = find(live, "site:dam-a/logger-1")
    twin = LiveEntity(f"{logger.id}/0C0C0C/sensor", {"SERIAL_NO": "site:dam-a/logger-1/PZ-1"}, logger.id)
    connection.sensors[logger.id].append(twin)
    [copy] = [c for c in plan_for(load(), live).changes if c.live_id == twin.id]
    assert (copy.address, copy.action) == ("dam-a/logger-1/pz-1#0C0C0C", Action.DUPLICATE)
    assert copy.reason.startswith(
        "carries refId 'site:dam-a/logger-1/PZ-1', which differs only in case from "
    )
    with pytest.raises(
        PlanError,
        match=(
            r"pz-1: would update by its refId 'site:dam-a/logger-1/pz-1', which dam-a/logger-1/pz-1#0C0C0C "
            r"\('site:dam-a/logger-1/PZ-1'\) also carries"
        ),
    ):
        plan_for(load(MANIFEST.replace("name: Piezometer", "name: Piezo")), live)


def test_the_stacks_own_connection_the_node_list_missed_is_told_as_a_read_that_missed_it() -> None:
    """A colleague's removal between two pages of the node list moves the stack's own connection across
    the page's end: the plan creates it again, and its devices, found by the device list, carry the
    refIds. Re-keying or pinning would be wrong advice; running again reads it."""
    live = applied(load())
    project = _project(live)
    original = find(live, "site:dam-a")
    project.elsewhere[original.id] = project.connections.pop(original.id)
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    problem = str(refused.value).splitlines()[1]
    assert f"in connection dam-a ({original.id}) already carries" in problem
    assert "the platform's list of connections left dam-a out" in problem and "run the plan again" in problem
    assert "To adopt it" not in problem and "a refId of its own" not in problem
