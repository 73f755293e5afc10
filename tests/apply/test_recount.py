"""A confirmed plan's removals, held against a fresh read of their connections before the first write."""

from __future__ import annotations

from iotplan.apply.recount import connections_to_recount, taking_more_now
from iotplan.live.model import LiveConnection, LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Plan
from tests.render.plans import PROJECT, change, in_sync, plan


def device_removal() -> Plan:
    """dam-a's logger-9 goes with its one sensor, which held no observations when shown."""
    return plan(
        in_sync("dam-a"),
        change(
            "dam-a/logger-9",
            Action.REMOVE,
            "not in the manifest; owned by stack dams",
            live_id="dev-9",
            collateral=(Address("dam-a/logger-9/pz-1"),),
        ),
        in_sync("dam-b"),
        change("dam-b/logger-1", Action.UPDATE, "differs from the manifest", live_id="dev-b1"),
    )


def dam_a(*sensors: tuple[str, int], device: str = "dev-9") -> dict[str, LiveConnection]:
    """dam-a as read again: logger-9 (as `device`) with `sensors`, each a key and its count."""
    connection = LiveConnection(LiveEntity("id-dam-a", {"SERIAL_NO": "dams:dam-a"}), PROJECT)
    logger = LiveEntity(device, {"SERIAL_NO": "dams:dam-a/logger-9"}, "id-dam-a")
    connection.devices.append(logger)
    connection.sensors[device] = [
        LiveEntity(
            f"s-{key}", {"SERIAL_NO": f"dams:dam-a/logger-9/{key}", "OBSERVATION_COUNT": count}, device
        )
        for key, count in sensors
    ]
    return {"id-dam-a": connection}


def test_only_the_connections_something_is_removed_from_are_read_again() -> None:
    assert connections_to_recount(device_removal()) == {PROJECT: ["id-dam-a"]}


def test_a_removal_whose_connection_stood_still_goes_ahead() -> None:
    assert taking_more_now(device_removal(), dam_a(("pz-1", 0))) == {}


def test_data_that_arrived_under_a_removal_is_said_as_a_saved_plans_is() -> None:
    assert taking_more_now(device_removal(), dam_a(("pz-1", 7))) == {
        "dam-a": [
            "remove dam-a/logger-9: it would destroy 7 observations, none when reviewed, and data on 1 "
            "sensor that held none when reviewed (dam-a/logger-9/pz-1)"
        ]
    }


def test_a_sensor_added_under_a_removal_is_not_taken_unseen() -> None:
    assert taking_more_now(device_removal(), dam_a(("pz-1", 0), ("pz-2", 0))) == {
        "dam-a": ["remove dam-a/logger-9: 1 entity not reviewed would go with it (dam-a/logger-9/pz-2)"]
    }


def test_a_removal_no_longer_where_the_plan_found_it_is_not_made_blind() -> None:
    assert taking_more_now(device_removal(), dam_a(("pz-1", 0), device="dev-other")) == {
        "dam-a": ["remove dam-a/logger-9: dev-9 is no longer where the plan found it"]
    }


def device_replacement(live_as: str = "pz-1") -> Plan:
    """dam-a's logger-9 is replaced, with the 3 observations its declared pz-1 held when shown (live
    `as` its old name when `moved` renamed it): pz-1 is created again with it, and the undeclared
    pz-old the review listed goes with it."""
    return plan(
        in_sync("dam-a"),
        change(
            "dam-a/logger-9",
            Action.REPLACE,
            "its template changes",
            live_id="dev-9",
            observations=3,
            collateral=(Address("dam-a/logger-9/pz-old"),),
            holding=(Address(f"dam-a/logger-9/{live_as}"),),  # what its history held: a recreated one's too
            recreated=(Address(f"dam-a/logger-9/{live_as}"),),
        ),
        change("dam-a/logger-9/pz-1", Action.CREATE, "created with its replaced device"),
    )


def test_a_replacement_taking_only_what_was_reviewed_goes_ahead() -> None:
    assert taking_more_now(device_replacement(), dam_a(("pz-1", 3), ("pz-old", 0))) == {}


def test_a_sensor_made_by_hand_under_a_replacement_is_not_taken_unseen() -> None:
    fresh = dam_a(("pz-1", 3), ("pz-old", 0))
    hand_made = LiveEntity("s-hand", {"SERIAL_NO": "HAND-1", "OBSERVATION_COUNT": 500}, "dev-9")
    fresh["id-dam-a"].sensors["dev-9"].append(hand_made)
    assert taking_more_now(device_replacement(), fresh) == {
        "dam-a": [
            "replace dam-a/logger-9: 1 entity not reviewed would go with it (dam-a/logger-9/#s-hand), and "
            "data on 1 sensor that held none when reviewed (dam-a/logger-9/#s-hand)"
        ]
    }


def test_a_sensor_renamed_under_a_replacement_is_the_one_its_plan_creates() -> None:
    """`moved` renamed pz-0 to pz-1: live, it still has its old name, recorded when reviewed."""
    assert taking_more_now(device_replacement(live_as="pz-0"), dam_a(("pz-0", 3), ("pz-old", 0))) == {}


def test_a_sensor_of_this_stack_added_since_under_a_replacement_is_not_taken_unseen() -> None:
    """pz-2 carries this stack's refId, but nothing renamed was live under that name when reviewed."""
    found = taking_more_now(device_replacement(), dam_a(("pz-1", 3), ("pz-old", 0), ("pz-2", 40)))
    assert "1 entity not reviewed would go with it (dam-a/logger-9/pz-2)" in str(found)


def test_a_sensor_made_by_hand_is_not_taken_for_one_the_replacement_creates() -> None:
    """pz-9, new, is not live: the hand-made sensor now there is not its old name."""
    with_new = plan(
        *device_replacement().changes, change("dam-a/logger-9/pz-9", Action.CREATE, "not on the platform")
    )
    fresh = dam_a(("pz-1", 3), ("pz-old", 0))
    hand_made = LiveEntity("s-hand", {"SERIAL_NO": "HAND-1", "OBSERVATION_COUNT": 500}, "dev-9")
    fresh["id-dam-a"].sensors["dev-9"].append(hand_made)
    assert "1 entity not reviewed would go with it (dam-a/logger-9/#s-hand)" in str(
        taking_more_now(with_new, fresh)
    )


def test_a_sensor_the_replacement_creates_that_appeared_since_is_not_taken_unseen() -> None:
    """Another apply of the stack made pz-9 first: its data was not there to be shown."""
    with_new = plan(
        *device_replacement().changes, change("dam-a/logger-9/pz-9", Action.CREATE, "not on the platform")
    )
    found = taking_more_now(with_new, dam_a(("pz-1", 3), ("pz-old", 0), ("pz-9", 40)))
    assert "1 entity not reviewed would go with it (dam-a/logger-9/pz-9)" in str(found)


def test_a_device_created_beside_a_replacement_excuses_nothing_under_it() -> None:
    beside = plan(
        *device_replacement().changes,
        change("dam-a/logger-10", Action.CREATE, "not on the platform"),
        change("dam-a/logger-10/pz-1", Action.CREATE, "not on the platform"),
    )
    found = taking_more_now(beside, dam_a(("pz-1", 3), ("pz-old", 0), ("pz-2", 40)))
    assert "1 entity not reviewed would go with it (dam-a/logger-9/pz-2)" in str(found)
