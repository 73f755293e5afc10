"""What the tests of drift's entry for a device a `moved` rename left half done share: the test
manifest applied with 500 observations on each sensor, dam-a/logger-1 then given the SERIAL_NO
'site:dam-a/logger-q' (its sensors still carry dam-a/logger-1's refIds), and sensors the test adds
under it. The plan is refused; drift reports it as `drift` does (commands/drift.py)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveConnection, LiveEntity, LiveState
from iotplan.plan.drift import Entry
from iotplan.plan.drift_entries import drift_entries, with_refusals
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import load, plan_for


def logger_q() -> tuple[LiveState, LiveConnection, LiveEntity]:
    """The scenario above, before sensors are added: the live state, dam-a/logger-q's connection,
    and it."""
    live = applied(load(), observations=500)
    device = find(live, "site:dam-a/logger-1")
    device.props["SERIAL_NO"] = "site:dam-a/logger-q"
    return live, first_connection(live), device


def add_sensor(connection: LiveConnection, device: LiveEntity, serial: str, held: int | None) -> None:
    """A sensor under `device` carrying `serial`, holding `held` observations (None: no count given)."""
    props: dict[str, object] = {"SERIAL_NO": serial, "INTEGRATION_ID": "TEMPERATURE_SDE"}
    if held is not None:
        props["OBSERVATION_COUNT"] = held
    at = f"{len(connection.sensors[device.id]):06X}"
    connection.sensors[device.id].append(LiveEntity(f"{device.id}/E{at[1:]}/sensor", props, device.id))


def drift_of_logger_q(live: LiveState) -> Entry:
    """Asserts the plan is refused; drift's entry of dam-a/logger-q."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(), live)
    refusals = refused.value.refusals
    entries = with_refusals(drift_entries(refused.value.plan(), "site.yaml", refusals=refusals), refusals)
    assert entries is not None
    [entry] = [each for each in entries if str(each.address) == "dam-a/logger-q"]
    return entry
