"""plan/compare.py `_updated` builds an update's change by position (a sweeping change builds
100,000): each value lands in the field it names, moved or differing."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity, Observations
from iotplan.plan.compare import compare, fingerprint
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, FieldChange, Kind

METRICS = [{"custom_metric": "pore_pressure", "unit": "kPa"}]
LIVE = {"NAME": "s", "UNKNOWN_METRICS": {"0": "pore_pressure"}, "KNOWN_UNITS": {"0": "Pa"}}


@pytest.mark.parametrize(
    ("live_ref_id", "cause", "reason"),
    [
        ("site:dam-a/logger-1/pz-1", Cause.DIFFERS, "differs from the manifest"),
        ("site:dam-a/logger-1/pz-0", Cause.MOVED, "moved from dam-a/logger-1/pz-0"),
    ],
)
@pytest.mark.parametrize("held", [Observations(7), Observations(0, True)])
def test_an_update_is_built_with_each_field_in_its_place(
    live_ref_id: str, cause: Cause, reason: str, held: Observations
) -> None:
    entity = DesiredEntity.of(
        kind=Kind.SENSOR,
        keys=("dam-a", "logger-1", "pz-1"),
        ref_id="site:dam-a/logger-1/pz-1",
        project_id="p1",
        fields={"name": "s", "metrics": METRICS},
        old_ref_id="site:dam-a/logger-1/pz-0" if cause is Cause.MOVED else None,
    )
    live = LiveEntity("/api/A1B2C3/x", {**LIVE, "SERIAL_NO": live_ref_id, "INTEGRATION_ID": "T"})
    change = compare(entity, live, lambda: held, lambda reference: None)
    unit = FieldChange("metrics[0].unit", "Pa", "kPa")
    moved = (FieldChange("ref_id", live_ref_id, entity.ref_id),) if cause is Cause.MOVED else ()
    assert change == Change(
        address=entity.address,
        kind=Kind.SENSOR,
        action=Action.UPDATE,
        project_id="p1",
        connection="dam-a",
        reason=reason,
        cause=cause,
        ref_id=entity.ref_id,
        live_id="/api/A1B2C3/x",
        live_ref_id=live_ref_id,
        template="T",
        before={"name": "s", "metrics": [{"custom_metric": "pore_pressure", "unit": "Pa"}]},
        after=entity.fields,
        fields=(*moved, unit),
        observations=held.known,
        observations_unknown=held.unknown,
        counted=True,
        fingerprint=fingerprint(live),
        touches_data_model=True,
    )
