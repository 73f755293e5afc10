"""apply/bodies.py: the integrate bodies of a plan, exactly as the platform must receive them.

A replacement removes in a call of its own first, naming the live connection and the live parent;
within one device, removals are sent after the writes; a rename sends the old refId.
"""

from __future__ import annotations

from iotplan.apply.bodies import IntegrateCall, connection_calls
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, Change, Plan
from tests.guards.fleet import (
    DAM_A,
    FLEET,
    add_device,
    add_sensor,
    connection_of,
    live_fleet,
    load,
    manifest,
    plan_for,
)
from tests.plan.livebuilder import empty
from tests.render.plans import change

SECRET_VALUES = {"${env:DAM_A_TOKEN}": "s3cret"}
AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
NEW_AIR_TEMPLATE = FLEET.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1)
NEW_LOGGER_TEMPLATE = FLEET.replace("name: Logger", "name: Logger\n            template: OTHER_DEVICE", 1)
# An unchanged device sent to reach its sensors: whole, with its refId, whether updates merge or replace (A2+)
LOGGER_AS_IT_STANDS = {"NAME": "Logger", "SERIAL_NO": "site:dam-a/logger-1"}


def calls(plan: Plan, connection: str = "dam-a", entities_per_call: int = 500) -> list[IntegrateCall]:
    changes = [change for change in plan.changes if change.connection == connection]
    return connection_calls(
        changes, lambda reference: SECRET_VALUES.get(reference, "resolved"), entities_per_call
    )


def integrations(text: str, live=None, connection: str = "dam-a", entities_per_call: int = 500) -> list[dict]:
    made = plan_for(text, live or live_fleet())
    return [call.integration for call in calls(made, connection, entities_per_call)]


# --- replacements ---------------------------------------------------------------------------------
def test_a_replaced_sensor_is_removed_first_under_its_live_connection_and_parent_device() -> None:
    live = live_fleet()
    node_id = connection_of(live, "site:dam-a").node.id
    removal, writes = integrations(NEW_AIR_TEMPLATE, live)
    assert removal == {
        "nodeId": node_id,
        "devices": [
            {
                "changeState": "update",
                "refId": "site:dam-a/logger-1",
                "props": LOGGER_AS_IT_STANDS,
                "sensors": [{"changeState": "remove", "refId": "site:dam-a/logger-1/air"}],
            }
        ],
    }
    assert writes == {
        "nodeId": node_id,
        "devices": [
            {
                "changeState": "update",
                "refId": "site:dam-a/logger-1",
                "props": LOGGER_AS_IT_STANDS,
                "sensors": [
                    {
                        "changeState": "new",
                        "refId": "site:dam-a/logger-1/air",
                        "props": {"INTEGRATION_ID": "MOISTURE_SDE"},
                    }
                ],
            }
        ],
    }


def test_the_removal_call_carries_only_the_replaced_entity() -> None:
    first, second = calls(plan_for(NEW_AIR_TEMPLATE.replace("name: Logger", "name: L2", 1), live_fleet()))
    assert [c.address for c in first.changes] == ["dam-a/logger-1/air"]
    assert [c.address for c in second.changes] == ["dam-a/logger-1", "dam-a/logger-1/air"]


def test_two_replaced_sensors_of_one_device_are_removed_in_one_device_entry() -> None:
    tilted = FLEET.replace("metrics: [{metric: f, unit: Hz}]", "template: TILT_SDE", 1)
    text = tilted.replace("template: TILT_SDE", "template: INCLINO_SDE", 1)
    text = text.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1)
    removal = integrations(text, live_fleet(tilted))[0]
    [device] = removal["devices"]
    assert device["refId"] == "site:dam-a/logger-1" and device["sensors"] == [
        {"changeState": "remove", "refId": "site:dam-a/logger-1/pz-1"},
        {"changeState": "remove", "refId": "site:dam-a/logger-1/air"},
    ]


def test_replaced_sensors_of_two_devices_are_removed_under_each_device() -> None:
    second = "          - key: logger-2\n            sensors: [{key: rain, template: RAIN_SDE}]\n"
    before = FLEET.replace("      - key: dam-b", second + "      - key: dam-b", 1)
    after = before.replace("template: RAIN_SDE", "template: SNOW_SDE").replace(
        "template: TEMPERATURE_SDE", "template: MOISTURE_SDE", 1
    )
    removal = integrations(after, live_fleet(before))[0]
    assert [(d["refId"], [s["refId"] for s in d["sensors"]]) for d in removal["devices"]] == [
        ("site:dam-a/logger-1", ["site:dam-a/logger-1/air"]),
        ("site:dam-a/logger-2", ["site:dam-a/logger-2/rain"]),
    ]


def test_a_replaced_sensor_under_a_renamed_device_is_removed_under_the_devices_live_ref_id() -> None:
    text = NEW_AIR_TEMPLATE.replace("key: logger-1", "key: logger-9", 1) + (
        "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-9}\n"
    )
    removal, writes = integrations(text)
    assert removal["devices"][0]["refId"] == "site:dam-a/logger-1"
    assert removal["devices"][0]["sensors"] == [{"changeState": "remove", "refId": "site:dam-a/logger-1/air"}]
    device = writes["devices"][0]
    assert (device["refId"], device["props"]) == (
        "site:dam-a/logger-1",
        {"NAME": "Logger", "SERIAL_NO": "site:dam-a/logger-9"},
    )


def test_a_replaced_device_is_removed_with_an_empty_sensors_list_then_created_whole() -> None:
    live = live_fleet()
    removal, writes = integrations(NEW_LOGGER_TEMPLATE, live)
    assert removal == {
        "nodeId": connection_of(live, "site:dam-a").node.id,
        "devices": [{"changeState": "remove", "refId": "site:dam-a/logger-1", "sensors": []}],
    }
    [device] = writes["devices"]
    assert device["changeState"] == "new" and device["refId"] == "site:dam-a/logger-1"
    assert device["props"] == {"NAME": "Logger", "INTEGRATION_ID": "OTHER_DEVICE"}
    assert [(s["changeState"], s["refId"]) for s in device["sensors"]] == [
        ("new", "site:dam-a/logger-1/pz-1"),
        ("new", "site:dam-a/logger-1/air"),
    ]


def test_a_renamed_and_replaced_device_is_removed_by_its_old_ref_id_and_created_by_its_new_one() -> None:
    text = NEW_LOGGER_TEMPLATE.replace("key: logger-1", "key: logger-9", 1) + (
        "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-9}\n"
    )
    removal, writes = integrations(text)
    assert removal["devices"] == [{"changeState": "remove", "refId": "site:dam-a/logger-1", "sensors": []}]
    assert writes["devices"][0]["refId"] == "site:dam-a/logger-9"


def test_a_replacement_in_a_connection_with_no_live_id_yet_names_no_connection() -> None:
    plan = plan_for(NEW_AIR_TEMPLATE, live_fleet())
    changes = [c for c in plan.changes if c.connection == "dam-a" and c.kind != "node"]
    first, _ = connection_calls(changes, resolve=lambda reference: "x")
    assert first.integration["nodeId"] is None  # filled in by the apply from the connection it finds


# --- order within a call ------------------------------------------------------------------------------
def test_within_one_device_sensor_removals_are_sent_after_its_writes() -> None:
    text = FLEET.replace(AIR, "", 1).replace("name: Piezometer", "name: PZ", 1)
    text = text.replace(
        "                metrics: [{metric: f, unit: Hz}]\n",
        "                metrics: [{metric: f, unit: Hz}]\n"
        "              - key: pz-2\n                template: RAIN_SDE\n",
        1,
    )
    [call] = integrations(text)
    assert [(s["changeState"], s["refId"]) for s in call["devices"][0]["sensors"]] == [
        ("update", "site:dam-a/logger-1/pz-1"),
        ("new", "site:dam-a/logger-1/pz-2"),
        ("remove", "site:dam-a/logger-1/air"),
    ]


def test_a_removed_device_is_sent_after_every_device_that_is_written() -> None:
    live = live_fleet()
    text = FLEET.replace(
        "          - key: logger-1\n            name: Logger\n",
        "          - key: logger-0\n            name: Zero\n",
        1,
    )
    [call] = integrations(text, live)
    assert [(d["changeState"], d["refId"]) for d in call["devices"]] == [
        ("new", "site:dam-a/logger-0"),
        ("remove", "site:dam-a/logger-1"),
    ]
    assert call["devices"][1] == {"changeState": "remove", "refId": "site:dam-a/logger-1"}


def test_two_removed_devices_are_both_sent() -> None:
    live = live_fleet()
    dam_b = connection_of(live, "site:dam-b")
    for n in (1, 2):
        add_device(dam_b, f"0D0D0{n}", f"site:dam-b/spare-{n}")
    [call] = integrations(FLEET.replace("name: Dam B", "name: Dam B2"), live, "dam-b")
    assert call["devices"] == [
        {"changeState": "remove", "refId": "site:dam-b/spare-1"},
        {"changeState": "remove", "refId": "site:dam-b/spare-2"},
    ]


def test_the_changes_a_call_carries_are_the_ones_it_sends() -> None:
    text = FLEET.replace(AIR, "", 1).replace("name: Dam A", "name: Dam A2")
    [call] = calls(plan_for(text, live_fleet()))
    assert [(c.address, c.action) for c in call.changes] == [
        ("dam-a", Action.UPDATE),
        ("dam-a/logger-1/air", Action.REMOVE),
    ]


# --- what each entry says -------------------------------------------------------------------------------
def test_a_connection_update_sends_its_id_its_props_and_its_ref_id() -> None:
    live = live_fleet()
    [call] = integrations(FLEET.replace("name: Dam A", "name: Dam A2"), live)
    assert call == {
        "nodeId": connection_of(live, "site:dam-a").node.id,
        "changeState": "update",
        "props": {"NAME": "Dam A2", "SERIAL_NO": "site:dam-a"},
        "devices": [],
    }


def test_a_connection_update_sends_the_fields_that_did_not_change_too() -> None:
    """A platform whose update replaces the props (A2 false) would otherwise drop the NOTES."""
    noted = FLEET.replace("name: Dam A", "name: Dam A\n        notes: upstream face", 1)
    [call] = integrations(noted.replace("name: Dam A", "name: Dam A2", 1), live_fleet(noted))
    assert call["props"] == {"NAME": "Dam A2", "NOTES": "upstream face", "SERIAL_NO": "site:dam-a"}


def test_a_changed_token_is_sent_resolved() -> None:
    text = FLEET.replace("name: Dam A", "name: Dam A\n        auth_token: ${env:DAM_A_TOKEN}", 1)
    live = live_fleet(text)  # the platform holds the token the builder resolved
    changes = make_plan(desired_state(load(text)), live, resolve_secret=lambda reference: "rotated").changes
    [call] = connection_calls([c for c in changes if c.connection == "dam-a"], resolve=SECRET_VALUES.get)
    assert call.integration["props"] == {"NAME": "Dam A", "AUTH_TOKEN": "s3cret", "SERIAL_NO": "site:dam-a"}


def test_a_removed_connection_is_one_call_that_carries_its_removal() -> None:
    live = live_fleet()
    [call] = calls(plan_for(manifest(DAM_A), live), "dam-b")
    assert call.integration == {"nodeId": connection_of(live, "site:dam-b").node.id, "changeState": "remove"}
    assert [(c.address, c.action) for c in call.changes] == [("dam-b", Action.REMOVE)]


def test_a_new_connection_is_sent_by_its_ref_id_with_its_secret_resolved() -> None:
    text = manifest(
        FLEET.split("    nodes:\n")[1]
        .split("      - key: dam-b")[0]
        .replace("name: Dam A", "name: Dam A\n        auth_token: ${env:DAM_A_TOKEN}")
    )
    [call] = integrations(text, empty(load(text)))
    assert {k: call[k] for k in ("changeState", "refId", "props")} == {
        "changeState": "new",
        "refId": "site:dam-a",
        "props": {"NAME": "Dam A", "AUTH_TOKEN": "s3cret"},
    }
    assert "nodeId" not in call


def test_a_new_sensor_gets_its_template_as_integration_id() -> None:
    text = FLEET.replace(AIR, AIR + "              - key: rain\n                template: RAIN_SDE\n", 1)
    [call] = integrations(text)
    assert call["devices"][0]["sensors"] == [
        {"changeState": "new", "refId": "site:dam-a/logger-1/rain", "props": {"INTEGRATION_ID": "RAIN_SDE"}}
    ]


def test_a_changed_coordinate_sends_the_whole_location() -> None:
    live = live_fleet(
        FLEET.replace("name: Logger", "name: Logger\n            location: {lat: 1.0, lon: 2.0}", 1)
    )
    text = FLEET.replace("name: Logger", "name: Logger\n            location: {lat: 1.5, lon: 2.0}", 1)
    [call] = integrations(text, live)
    assert call["devices"][0]["props"] == {
        "NAME": "Logger",
        "LOCATION": {"type": "Point", "coordinates": [2.0, 1.5, None]},
        "SERIAL_NO": "site:dam-a/logger-1",
    }


def test_a_changed_unit_sends_the_whole_metric_maps() -> None:
    [call] = integrations(FLEET.replace("{metric: f, unit: Hz}", "{metric: f, unit: kHz}", 1))
    assert call["devices"][0]["sensors"][0]["props"] == {
        "NAME": "Piezometer",
        "KNOWN_METRICS": {"0": "f"},
        "KNOWN_UNITS": {"0": "kHz"},
        "UNKNOWN_METRICS": None,
        "UNKNOWN_UNITS": None,
        "SERIAL_NO": "site:dam-a/logger-1/pz-1",
    }


def test_an_unmanaged_sensor_is_never_sent() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    add_sensor(dam_a, dam_a.devices[0], "0E0E0E", "other")
    sent = integrations(FLEET.replace("name: Piezometer", "name: PZ", 1), live)[0]["devices"][0]["sensors"]
    assert [(sensor["changeState"], sensor["refId"]) for sensor in sent] == [
        ("update", "site:dam-a/logger-1/pz-1")
    ]


def test_a_connection_with_nothing_to_write_sends_nothing() -> None:
    assert integrations(FLEET) == []


# --- large connections ----------------------------------------------------------------------------------
def sensors_text(count: int) -> str:
    entries = "".join(
        f"              - key: s{i}\n                template: RAIN_SDE\n" for i in range(count)
    )
    return FLEET.replace(AIR, AIR + entries, 1)


def test_a_device_whose_sensors_just_fit_is_sent_in_one_call() -> None:
    [call] = integrations(
        sensors_text(3), entities_per_call=4
    )  # the device and its three new sensors: four entities
    assert len(call["devices"][0]["sensors"]) == 3


def test_a_device_one_sensor_over_is_continued_in_a_second_call() -> None:
    first, second = calls(plan_for(sensors_text(4), live_fleet()), entities_per_call=4)
    assert len(first.integration["devices"][0]["sensors"]) == 3
    assert second.integration["devices"] == [
        {
            "changeState": "update",
            "refId": "site:dam-a/logger-1",
            "props": LOGGER_AS_IT_STANDS,
            "sensors": [
                {
                    "changeState": "new",
                    "refId": "site:dam-a/logger-1/s3",
                    "props": {"INTEGRATION_ID": "RAIN_SDE"},
                }
            ],
        }
    ]
    assert [c.address for c in second.changes] == ["dam-a/logger-1/s3"]
    assert second.integration["nodeId"] == first.integration["nodeId"]


def test_devices_that_fill_a_call_exactly_share_it() -> None:
    text = FLEET.replace("name: Piezometer", "name: PZ", 1).replace(
        "      - key: dam-b",
        "          - key: logger-2\n            sensors: [{key: t, template: RAIN_SDE}]\n      - key: dam-b",
        1,
    )
    [call] = integrations(text, entities_per_call=4)  # logger-1 with one sensor (2) and logger-2 with one (2)
    assert [d["refId"] for d in call["devices"]] == ["site:dam-a/logger-1", "site:dam-a/logger-2"]


def test_a_device_that_does_not_fit_starts_the_next_call() -> None:
    text = FLEET.replace("name: Piezometer", "name: PZ", 1).replace(
        "      - key: dam-b",
        "          - key: logger-2\n            sensors: [{key: t, template: RAIN_SDE}]\n      - key: dam-b",
        1,
    )
    first, second = calls(plan_for(text, live_fleet()), entities_per_call=3)
    assert [d["refId"] for d in first.integration["devices"]] == ["site:dam-a/logger-1"]
    assert [d["refId"] for d in second.integration["devices"]] == ["site:dam-a/logger-2"]
    assert second.integration == {
        "nodeId": first.integration["nodeId"],
        "devices": second.integration["devices"],
    }


def big_device(sensors: int) -> list[Change]:
    """A new device with `sensors` new sensors on an existing connection: built by hand, it is large."""
    return [
        change("dam-a", Action.NOOP, "in sync", live_id="/api/A00000/node"),
        change("dam-a/logger-1", Action.CREATE, "new", template="IMPORT_DEVICE_SDE", after={}),
        *(
            change(f"dam-a/logger-1/s{n}", Action.CREATE, "new", template="RAIN_SDE", after={})
            for n in range(sensors)
        ),
    ]


def test_one_call_holds_a_device_and_its_499_sensors() -> None:
    [call] = connection_calls(big_device(499), resolve=lambda reference: "x")
    assert len(call.integration["devices"][0]["sensors"]) == 499 and len(call.changes) == 500


def test_a_device_with_500_sensors_is_continued_in_a_second_call() -> None:
    first, second = connection_calls(big_device(500), resolve=lambda reference: "x")
    assert len(first.integration["devices"][0]["sensors"]) == 499
    assert [s["refId"] for s in second.integration["devices"][0]["sensors"]] == ["dams:dam-a/logger-1/s499"]


def test_devices_are_packed_500_entities_to_a_call() -> None:
    changes = [change("dam-a", Action.NOOP, "in sync", live_id="/api/A00000/node")]
    changes += [change(f"dam-a/d{n:03}", Action.CREATE, "new", after={}) for n in range(501)]
    first, second = connection_calls(changes, resolve=lambda reference: "x")
    assert len(first.integration["devices"]) == 500 and len(second.integration["devices"]) == 1


def test_each_device_carries_exactly_its_own_sensors_whatever_their_order_in_the_plan() -> None:
    """Sensors are grouped by their parent's address: `logger-1` does not take `logger-10`'s."""
    new = lambda address: change(address, Action.CREATE, "not on the platform", after={"name": address})  # noqa: E731
    changes = [
        new("dam-a"),
        new("dam-a/logger-1"),
        new("dam-a/logger-10"),
        new("dam-a/logger-10/pz-2"),
        new("dam-a/logger-1/pz-1"),
        new("dam-a/logger-10/pz-1"),
    ]
    [call] = connection_calls(changes, resolve=lambda reference: "resolved")
    assert [(d["refId"], [s["refId"] for s in d["sensors"]]) for d in call.integration["devices"]] == [
        ("dams:dam-a/logger-1", ["dams:dam-a/logger-1/pz-1"]),
        ("dams:dam-a/logger-10", ["dams:dam-a/logger-10/pz-2", "dams:dam-a/logger-10/pz-1"]),
    ]
