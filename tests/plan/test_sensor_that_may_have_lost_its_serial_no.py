"""A declared sensor whose SERIAL_NO another writer cleared (a web-app rename where an update replaces
props) is no longer found by its refId; nothing proves which sensor it is, as a device's sensors prove
a device's. A sensor of its template under its device, with no SERIAL_NO and holding observations (or
an unknown count), refuses its creation, naming it and the SERIAL_NO to set back if it is that one (not
"adopt it with `ref_id:`"). One holding nothing, of another template, or under another device does not."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity
from iotplan.manifest.models import GENERIC_SENSOR
from iotplan.plan.model import Action, PlanOptions
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, actions, load, plan_for

TWO_LOGGERS = MANIFEST + "          - key: logger-2\n            name: Logger 2\n"


def _cleared(live_sensor: LiveEntity, name: str, observations: int | None, template: str) -> None:
    del live_sensor.props["SERIAL_NO"]
    live_sensor.props.update(NAME=name, INTEGRATION_ID=template)
    if observations is None:
        del live_sensor.props["OBSERVATION_COUNT"]
    else:
        live_sensor.props["OBSERVATION_COUNT"] = observations


@pytest.mark.parametrize(("name", "observations"), [("PZ-1 (web)", 500), ("Piezometer", 500), ("PZ", None)])
def test_a_sensor_that_may_have_lost_its_serial_no_refuses_its_creation(
    name: str, observations: int | None
) -> None:
    live = applied(load())
    sensor = find(live, "site:dam-a/logger-1/pz-1")
    _cleared(sensor, name, observations, GENERIC_SENSOR)
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(), live)
    message = " ".join(str(refused.value).split())
    assert f"sensor {sensor.id} named {name!r} ({GENERIC_SENSOR}, no SERIAL_NO)" in message
    held = "500 observations" if observations else "an unknown number of observations"
    assert f"holding {held}" in message, message
    assert (
        "If it is pz-1, set its SERIAL_NO to 'site:dam-a/logger-1/pz-1' in the platform's web app" in message
    )
    assert "give it a SERIAL_NO of its own" in message
    assert "adopt it with" not in message


@pytest.mark.parametrize(
    ("observations", "template"), [(0, GENERIC_SENSOR), (500, "TEMPERATURE_SDE")], ids=["empty", "other-type"]
)
def test_a_serial_less_sensor_that_cannot_be_it_is_left_unmanaged(observations: int, template: str) -> None:
    live = applied(load())
    _cleared(find(live, "site:dam-a/logger-1/pz-1"), "PZ-1 (web)", observations, template)
    assert actions(plan_for(load(), live))["dam-a/logger-1/pz-1"] is Action.CREATE


def test_a_serial_less_sensor_under_another_device_is_left_unmanaged() -> None:
    live = applied(load(TWO_LOGGERS))
    pz1 = find(live, "site:dam-a/logger-1/pz-1")
    logger_2 = find(live, "site:dam-a/logger-2")
    [connection] = live.projects[next(iter(live.projects))].connections.values()
    connection.sensors[pz1.parent_id or ""].remove(pz1)
    stray = LiveEntity(
        f"{logger_2.id}/STRAY/sensor", {"NAME": "PZ", "INTEGRATION_ID": GENERIC_SENSOR}, logger_2.id
    )
    stray.props["OBSERVATION_COUNT"] = 500
    connection.sensors.setdefault(logger_2.id, []).append(stray)
    assert actions(plan_for(load(TWO_LOGGERS), live))["dam-a/logger-1/pz-1"] is Action.CREATE


def test_an_added_sensor_still_plans() -> None:
    added = (
        MANIFEST
        + "              - key: pz-2\n"
        + "                name: Piezometer 2\n"
        + "                metrics: [{metric: f, unit: Hz}]\n"
    )
    assert actions(plan_for(load(added), applied(load())))["dam-a/logger-1/pz-2"] is Action.CREATE


def test_each_serial_less_sensor_that_may_be_it_is_named() -> None:
    live = applied(load())
    pz1 = find(live, "site:dam-a/logger-1/pz-1")
    _cleared(pz1, "PZ-1 (web)", 500, GENERIC_SENSOR)
    [connection] = live.projects[next(iter(live.projects))].connections.values()
    other = LiveEntity(f"{pz1.parent_id}/OTHER/sensor", {"NAME": "Spare", "INTEGRATION_ID": GENERIC_SENSOR})
    connection.sensors[pz1.parent_id or ""].append(other)  # no count: unknown, so it may hold history
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(), live)
    message = " ".join(str(refused.value).split())
    assert f"2 sensors of its template {GENERIC_SENSOR} with no SERIAL_NO are under its device" in message
    assert f"{pz1.id} named 'PZ-1 (web)' (500 observations)" in message, message
    assert f"{other.id} named 'Spare' (an unknown number of observations)" in message, message
    assert "If one of them is pz-1, set its SERIAL_NO to 'site:dam-a/logger-1/pz-1'" in message


def test_prune_leaves_it_saying_to_give_it_a_serial_no_not_to_adopt_it() -> None:
    live = applied(load())
    sensor = find(live, "site:dam-a/logger-1/pz-1")
    _cleared(sensor, "PZ-1 (web)", 500, GENERIC_SENSOR)
    options = PlanOptions(prune_unmanaged=True, excludes=("dam-a/logger-1/pz-1",))
    [left] = [change for change in plan_for(load(), live, options).changes if change.live_id == sensor.id]
    assert left.action is Action.UNMANAGED
    reason = " ".join(left.reason.split())
    assert "likely an earlier copy of dam-a/logger-1/pz-1" in reason, reason
    assert "adopt it with" not in reason, reason
    assert (
        "give it a SERIAL_NO in the platform's web app ('site:dam-a/logger-1/pz-1' if it is that sensor, "
        "else one of its own), then plan again" in reason
    ), reason
