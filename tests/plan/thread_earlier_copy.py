"""Shared setup of the tests of a --target or --exclude naming a THREAD sensor whose refusal skips
its change: tilt3 declared, while a sensor the web app added on another channel carries its name
(a likely earlier copy), and tilt1 renamed in the manifest (a change the rest of the plan makes)."""

from __future__ import annotations

from iotplan.live import LiveConnection, LiveEntity
from iotplan.plan.model import Plan, PlanOptions
from tests.plan.test_thread import LOGGER, SITE, desired, live_as_declared, planned

TILT1 = "{key: tilt1, type: TILT_BIAXIAL_DGSI, mux_index: 1, name: Tilt 1}"
TILT3 = "\n              - {key: tilt3, type: TILT_BIAXIAL_DGSI, mux_index: 3, name: Tilt 3}"
MANIFEST = SITE.replace(TILT1, TILT1.replace("Tilt 1", "Tilt 1 (top)") + TILT3)
EARLIER_COPY = f"{LOGGER}/web3/sensor"
REFUSAL = f"thread/ipi/tilt3: not found as {LOGGER}/tilt3/sensor, but {EARLIER_COPY} in the same place"


def with_an_earlier_copy_of_tilt3() -> LiveConnection:
    """SITE as applied, and a sensor added in the web app on channel 5 named like tilt3."""
    connection = live_as_declared(desired())
    copy = LiveEntity(EARLIER_COPY, {"NAME": "Tilt 3", "MUX_INDEX": 5}, None, "TILT_BIAXIAL_DGSI")
    connection.sensors[LOGGER].append(copy)
    return connection


def planned_with(options: PlanOptions) -> Plan:
    return planned(desired(MANIFEST), with_an_earlier_copy_of_tilt3(), options)
