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
