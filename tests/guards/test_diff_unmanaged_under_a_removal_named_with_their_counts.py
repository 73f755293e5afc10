"""plan/ownership.py: the refusal of a removal that would take entities the stack does not own names
each with what it holds, as every removal line says what it destroys: a user deciding on
--prune-unmanaged sees whose data goes, not only the plan's total once the flag is passed."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from tests.guards.fleet import DAM_A, add_device, add_sensor, connection_of, live_fleet, manifest, plan_for


def refusal_dropping_dam_b(live) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(PlanError) as raised:
        plan_for(manifest(DAM_A), live)
    return str(raised.value)


def test_each_unmanaged_entity_a_connection_removal_takes_is_named_with_its_observations() -> None:
    live = live_fleet(observations=40)
    dam_b = connection_of(live, "site:dam-b")
    add_sensor(dam_b, dam_b.devices[0], "0E0E0E", "manual-1", OBSERVATION_COUNT=50)
    uncounted = add_device(dam_b, "0F0F0F", "other-tool-1")
    add_sensor(dam_b, uncounted, "0D0D0D", "other-tool-2")  # no OBSERVATION_COUNT: not known
    add_device(dam_b, "0C0C0C", "empty-1")

    said = refusal_dropping_dam_b(live)

    assert "dam-b/logger-1/#0E0E0E (SERIAL_NO 'manual-1', 50 observations)" in said, said
    assert "dam-b/#0F0F0F (SERIAL_NO 'other-tool-1', an unknown number of observations)" in said, said
    assert "dam-b/#0F0F0F/#0D0D0D (SERIAL_NO 'other-tool-2', an unknown number of observations)" in said
    assert "dam-b/#0C0C0C (SERIAL_NO 'empty-1');" in said, "holding nothing, it says nothing more"
