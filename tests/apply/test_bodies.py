"""Plan changes → integrate bodies: what is sent is exactly what the plan showed."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest

from iotplan.apply.bodies import IntegrateCall, connection_calls, update_prop_names
from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Status
from iotplan.live import LiveEntity
from iotplan.plan.model import Action, PlanOptions
from tests.plan.livebuilder import applied, empty, find
from tests.plan.test_diff import MANIFEST, PROJECT, load, plan_for


def calls_for(text: str, live, options: PlanOptions = PlanOptions(), entities_per_call: int = 500):
    plan = plan_for(load(text), live, options)
    return connection_calls(list(plan.changes), lambda ref: "resolved", entities_per_call)


def test_a_new_connection_is_created_with_everything_in_one_call() -> None:
    [call] = calls_for(MANIFEST, empty(load()))
    integration = call.integration
    assert integration["changeState"] == "new" and "nodeId" not in integration
    assert integration["refId"] == "site:dam-a" and integration["props"] == {"NAME": "Dam A"}
    [device] = integration["devices"]
    assert device["changeState"] == "new" and device["refId"] == "site:dam-a/logger-1"
    assert device["props"]["INTEGRATION_ID"] == "IMPORT_DEVICE_SDE"
    assert device["props"]["LOCATION"] == {"type": "Point", "coordinates": [174.78, -41.27, 20.0]}
    generic, air = device["sensors"]
    assert generic["props"]["KNOWN_METRICS"] == {"0": "f", "1": "cum_distance"}
    assert generic["props"]["KNOWN_UNITS"] == {"0": "Hz", "1": "mm"}
    assert "UNKNOWN_METRICS" not in generic["props"]
    assert air["props"] == {"INTEGRATION_ID": "TEMPERATURE_SDE"}
    assert len(call.changes) == 4


PZ_METRICS = {
    "KNOWN_METRICS": {"0": "f", "1": "cum_distance"},
    "KNOWN_UNITS": {"0": "Hz", "1": "mm"},
    "UNKNOWN_METRICS": None,
    "UNKNOWN_UNITS": None,
}


LOGGER = {
    "NAME": "Logger",
    "LOCATION": {"type": "Point", "coordinates": [174.78, -41.27, 20.0]},
    "SERIAL_NO": "site:dam-a/logger-1",
}


def test_an_update_sends_every_managed_prop_and_the_ref_id_never_the_template() -> None:
    live = applied(load())
    [call] = calls_for(MANIFEST.replace("name: Piezometer", "name: PZ"), live)
    assert call.integration["nodeId"].startswith("/api/")
    [device] = call.integration["devices"]
    assert device == {
        "changeState": "update",
        "refId": "site:dam-a/logger-1",
        "props": LOGGER,  # unchanged, it only carries its sensor's change: sent as it stands (A2+)
        "sensors": [
            {
                "changeState": "update",
                "refId": "site:dam-a/logger-1/pz-1",
                "props": {"NAME": "PZ", **PZ_METRICS, "SERIAL_NO": "site:dam-a/logger-1/pz-1"},
            }
        ],
    }


def test_a_device_sent_only_to_carry_its_sensors_changes_keeps_what_it_has_live() -> None:
    """An update with empty props, on a platform whose update replaces props, erased the device's
    refId, name and location: it now sends them, and a prop set outside the manifest too."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NOTES"] = "set in the web app"
    [call] = calls_for(MANIFEST.replace("name: Piezometer", "name: PZ"), live)
    [device] = call.integration["devices"]
    assert device["props"] == {**LOGGER, "NOTES": "set in the web app"}


def test_a_device_sent_as_it_stands_never_writes_back_a_live_field_plans_show_masked() -> None:
    """Plans show a URL's password in a live NOTES as (sensitive): sent back as read, that text would
    replace the device's notes. Left out instead, the platform keeps them (an update merges, A2)."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NOTES"] = "wiki https://admin:hunter2-pass@wiki.example.com"
    [call] = calls_for(MANIFEST.replace("name: Piezometer", "name: PZ"), live)
    [device] = call.integration["devices"]
    assert device["props"] == LOGGER


def test_the_prop_names_an_update_sends_are_those_its_entry_carries_no_secret_looked_up() -> None:
    """apply's verifying read names the props an update lost by `update_prop_names`: the same props the
    entries carry, a device sent as it stands too (its masked notes left out); a masked secret in a
    plan's fields is named, never looked up (it raised KeyError '(sensitive)' with a resolver)."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NOTES"] = "wiki https://admin:hunter2-pass@wiki.example.com"
    text = MANIFEST.replace("name: Piezometer", "name: PZ").replace("{metric: cum_distance, unit: mm}", "")
    plan = plan_for(load(text), live, PlanOptions())
    [call] = connection_calls(list(plan.changes), lambda ref: "resolved")
    [device] = call.integration["devices"]
    by_address = {str(change.address): change for change in plan.changes}
    assert update_prop_names(by_address["dam-a/logger-1"]) == set(device["props"]) == set(LOGGER)
    [sensor] = device["sensors"]
    assert update_prop_names(by_address["dam-a/logger-1/pz-1"]) == set(sensor["props"])
    masked = replace(by_address["dam-a/logger-1"], action=Action.UPDATE, after={"auth_token": "(sensitive)"})
    assert update_prop_names(masked) == {"AUTH_TOKEN", "SERIAL_NO"}


def test_a_device_sent_as_it_stands_keeps_notes_that_only_say_sensitive() -> None:
    """Only what masking writes is left out: notes a person wrote with the word in them are sent back."""
    live = applied(load())
    find(live, "site:dam-a/logger-1").props["NOTES"] = "Readings (sensitive) - ask ops"
    [call] = calls_for(MANIFEST.replace("name: Piezometer", "name: PZ"), live)
    [device] = call.integration["devices"]
    assert device["props"] == {**LOGGER, "NOTES": "Readings (sensitive) - ask ops"}


def test_a_device_update_held_back_by_target_is_sent_as_it_stands_not_as_declared() -> None:
    text = MANIFEST.replace("name: Piezometer", "name: PZ").replace("name: Logger", "name: Crest logger")
    [call] = calls_for(text, applied(load()), PlanOptions(targets=("dam-a/logger-1/pz-1",)))
    [device] = call.integration["devices"]
    assert device["props"] == LOGGER and [c.address for c in call.changes] == ["dam-a/logger-1/pz-1"]


def test_a_device_not_in_the_manifest_and_a_duplicate_sensor_are_never_sent() -> None:
    """Before, each went as an update with only its SERIAL_NO: erased on a replacing platform (the
    duplicate's update reaching the copy iotplan keeps), and a 422 failing the whole call when the
    device had no SERIAL_NO."""
    live = applied(load())
    connection = next(iter(live.projects[PROJECT].connections.values()))
    node_id, logger = connection.node.id, find(live, "site:dam-a/logger-1")
    hand_made = LiveEntity(f"{node_id}/dynamic/FFFFFF/device", {"NAME": "Hand-made"}, node_id)
    connection.devices.append(hand_made)
    connection.sensors[hand_made.id] = []
    pz = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[logger.id].append(LiveEntity(f"{logger.id}/EEEEEE/sensor", dict(pz.props), logger.id))
    [call] = calls_for(MANIFEST.replace("name: Logger", "name: Crest logger"), live)
    [device] = call.integration["devices"]
    assert device["refId"] == "site:dam-a/logger-1" and device["sensors"] == []


def test_a_metric_change_clears_the_maps_no_longer_used() -> None:
    text = MANIFEST.replace(
        "{metric: f, unit: Hz}, {metric: cum_distance, unit: mm}", "{custom_metric: f2, unit: Hz}"
    )
    [call] = calls_for(text, applied(load()))
    props = call.integration["devices"][0]["sensors"][0]["props"]
    assert props == {
        "NAME": "Piezometer",
        "UNKNOWN_METRICS": {"0": "f2"},
        "KNOWN_UNITS": {"0": "Hz"},
        "KNOWN_METRICS": None,
        "UNKNOWN_UNITS": None,
        "SERIAL_NO": "site:dam-a/logger-1/pz-1",
    }


def test_removals_come_last() -> None:
    """Under a device, its sensors' removals are sent after its other writes, whatever order the
    changes come in (docs/design.md: removals last)."""
    live = applied(load())
    text = MANIFEST.replace("              - key: air\n                template: TEMPERATURE_SDE\n", "")
    text = text.replace("name: Logger", "name: Logger 2").replace("name: Piezometer", "name: PZ")
    changes = list(plan_for(load(text), live).changes)
    removal_first = sorted(changes, key=lambda change: change.action is not Action.REMOVE)
    assert removal_first[0].action is Action.REMOVE  # the order under test is really given
    [call] = connection_calls(removal_first, lambda ref: "resolved", 500)
    [device] = call.integration["devices"]
    assert device["props"] == {
        "NAME": "Logger 2",
        "LOCATION": {"type": "Point", "coordinates": [174.78, -41.27, 20.0]},
        "SERIAL_NO": "site:dam-a/logger-1",
    }
    assert [(sensor["changeState"], sensor["refId"]) for sensor in device["sensors"]] == [
        ("update", "site:dam-a/logger-1/pz-1"),
        ("remove", "site:dam-a/logger-1/air"),
    ]


def test_a_replacement_removes_in_its_own_call_first() -> None:
    text = MANIFEST.replace("template: TEMPERATURE_SDE", "template: MOISTURE_SDE")
    first, second = calls_for(text, applied(load()))
    assert first.integration["devices"] == [
        {
            "changeState": "update",
            "refId": "site:dam-a/logger-1",
            "props": LOGGER,  # the device holding the removal, as it stands (A2+)
            "sensors": [{"changeState": "remove", "refId": "site:dam-a/logger-1/air"}],
        }
    ]
    new = second.integration["devices"][0]["sensors"][0]
    assert new["changeState"] == "new" and new["props"]["INTEGRATION_ID"] == "MOISTURE_SDE"


def test_a_move_sends_the_old_ref_id_and_the_new_serial() -> None:
    text = (
        MANIFEST.replace("key: pz-1", "key: pz-01")
        + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
    )
    [call] = calls_for(text, applied(load()))
    sensor = call.integration["devices"][0]["sensors"][0]
    assert sensor == {
        "changeState": "update",
        "refId": "site:dam-a/logger-1/pz-1",
        "props": {"NAME": "Piezometer", **PZ_METRICS, "SERIAL_NO": "site:dam-a/logger-1/pz-01"},
    }


def test_a_removed_connection_is_one_call() -> None:
    plan = plan_for(load(MANIFEST.replace("key: dam-a", "key: dam-b")), applied(load()))
    removed = [change for change in plan.changes if change.connection == "dam-a"]
    [call] = connection_calls(removed, resolve=lambda ref: "resolved")
    assert call.integration == {"nodeId": removed[0].live_id, "changeState": "remove"}


def test_an_unchanged_connection_sends_nothing() -> None:
    assert calls_for(MANIFEST, applied(load())) == []


def test_a_very_large_connection_is_split() -> None:
    devices = "".join(
        f"          - key: d{i}\n            sensors: [{{key: s, metrics: [{{metric: T, unit: C}}]}}]\n"
        for i in range(4)
    )
    text = MANIFEST.split("        devices:\n")[0] + "        devices:\n" + devices
    calls = calls_for(text, empty(load(text)), entities_per_call=3)
    assert len(calls) == 4 and "nodeId" not in calls[0].integration
    assert all(call.integration["nodeId"] is None for call in calls[1:])  # filled in from the first answer


def test_a_device_with_more_sensors_than_a_call_holds_is_continued_in_later_calls() -> None:
    sensors = ", ".join(f"{{key: s{i}, metrics: [{{metric: T, unit: C}}]}}" for i in range(5))
    text = (
        MANIFEST.split("        devices:\n")[0]
        + f"        devices:\n          - key: d\n            name: D\n            sensors: [{sensors}]\n"
    )
    calls = calls_for(text, empty(load(text)), entities_per_call=3)
    assert [call.integration.get("devices", [{}])[0].get("changeState") for call in calls] == [
        "new",
        "update",
        "update",
    ]
    assert all(1 + len(call.integration["devices"][0]["sensors"]) <= 3 for call in calls)
    continued = [call.integration["devices"][0] for call in calls[1:]]
    whole = {"NAME": "D", "SERIAL_NO": "site:dam-a/d"}  # as any update of it (A2+)
    assert all(entry["refId"] == "site:dam-a/d" and entry["props"] == whole for entry in continued)
    sent = [sensor["refId"] for call in calls for sensor in call.integration["devices"][0]["sensors"]]
    assert sent == [f"site:dam-a/d/s{i}" for i in range(5)]
    assert sum(len(call.changes) for call in calls) == 1 + 1 + 5  # the node, the device, its sensors


class Recording:
    """A platform that takes every integrate call: what iotplan sent is in `bodies`."""

    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []

    async def integrate(self, project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        self.bodies.append(body)
        return {}

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        return {"integration": {"node": {"id": node_id, "props": {}}, "devices": []}}


@pytest.mark.parametrize(
    ("address", "field", "value", "prop"),
    [
        ("dam-a", "url", "https://feed.example/x?next=https://(sensitive)@h.example", "URL"),
        ("dam-a/logger-1/pz-1", "name", "PZ ?token=(sensitive)", "NAME"),
        (
            "dam-a/logger-1/pz-1",
            "metrics",
            [{"custom_metric": "level https://(sensitive)@m.example", "custom_unit": "m"}],
            "UNKNOWN_METRICS",
        ),
    ],
)
def test_a_prop_holding_a_masked_credential_stops_the_connection_before_anything_is_sent(
    address: str, field: str, value: Any, prop: str
) -> None:
    """The manifest refuses such text; should a plan still carry one, "(sensitive)" would be written
    over the platform's password: the last lock, before the first call."""
    text = MANIFEST.replace("name: Dam A", "name: Dam B").replace("name: Piezometer", "name: PZ")
    plan = plan_for(load(text), applied(load()))
    changes = [
        replace(change, after={**(change.after or {}), field: value}) if change.address == address else change
        for change in plan.changes
    ]
    platform = Recording()
    outcome = asyncio.run(apply_connection(platform, "dam-a", changes, resolve=lambda ref: "resolved"))
    assert platform.bodies == []
    assert outcome.status is Status.FAILED and outcome.applied == []
    assert outcome.message.startswith(f"{address}: {prop} would be written holding (sensitive)")
    assert "a bug of iotplan: please report it" in outcome.message
    assert "(sensitive)@" not in outcome.message and "=(sensitive)" not in outcome.message


def test_a_planned_change_that_no_call_carries_is_reported_failed_never_applied(monkeypatch) -> None:
    """Should the bodies leave a planned change out of every call (a bug), the connection is not
    reported applied: the change was never sent. A rename of the connection alone has no refId to
    read back, so nothing else would call it failed."""
    plan = plan_for(load(MANIFEST.replace("name: Dam A", "name: Dam B")), applied(load()))
    [rename] = [change for change in plan.changes if change.action.writes]

    def calls_carrying_nothing(*args: Any, **kwargs: Any) -> list[IntegrateCall]:
        return [replace(call, changes=[]) for call in connection_calls(*args, **kwargs)]

    monkeypatch.setattr("iotplan.apply.execute.connection_calls", calls_carrying_nothing)
    outcome = asyncio.run(apply_connection(Recording(), "dam-a", [rename], resolve=lambda ref: "resolved"))
    assert outcome.status is Status.FAILED and outcome.applied == [], outcome.message
    assert outcome.pending == [rename.address]
    assert "these changes could not be sent" in outcome.message
