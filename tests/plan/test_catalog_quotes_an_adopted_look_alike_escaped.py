"""The refusal of metrics on a sensor adopted by a `ref_id:` quoted that refId raw: one holding a
U+2010 hyphen read as the ASCII one it looks like. It is quoted escaped now, as other lines quote it."""

from __future__ import annotations

from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from tests.plan.test_catalog import live_sensor, node, problems, sensor

LOOK_ALIKE = "s:dam-a/logger-1/hand\u2010temp"


def test_the_adopted_look_alike_refid_is_quoted_escaped() -> None:
    fields = sensor("ht", template=None, metrics=[{"metric": "Temperature", "unit": "\u00b0F"}]).fields
    adopted = DesiredEntity.of(Kind.SENSOR, ("dam-a", "logger-1", "ht"), LOOK_ALIKE, "p", fields, None)
    said = problems(node(adopted), live=live_sensor(LOOK_ALIKE, "TEMPERATURE_SDE"))
    assert len(said) == 1 and 'the sensor ref_id "s:dam-a/logger-1/hand\\u2010temp" adopts' in said[0], said
