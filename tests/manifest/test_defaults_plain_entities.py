"""A device or sensor writing none of the fields a merge reads or fills (a fleet's every sensor) is
filled in one step (defaults.py `_entity_filling`): held here against the merge itself, field by
field and in the same order, over every mix of written fields and `defaults:` sections.

Property-based (hypothesis, a fixed derandomized set of examples).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.manifest.defaults import _entity_filling, _merge_device, _merge_sensor
from iotplan.manifest.models import GENERIC_SENSOR, Device, Sensor

# Every field a device or sensor may write, from the models themselves: a merge that comes to read a
# field the fast path's list (defaults.py MERGED_FIELDS) lacks is found here.
FIELDS = sorted({*Device.model_fields, *Sensor.model_fields})
WRITTEN = st.dictionaries(
    st.sampled_from(FIELDS),
    st.sampled_from([None, "s0", GENERIC_SENSOR, "TEMPERATURE_SDE", True, False, [], [{"metric": "T"}]]),
    max_size=5,
)
# Validated defaults: only the fields set, never None (defaults.py _validated_defaults).
DEFAULTS = st.dictionaries(
    st.sampled_from(["template", "notes", "location", "protect", "metrics"]),
    st.sampled_from([GENERIC_SENSOR, "TEMPERATURE_SDE", "a note", True, False, [{"custom_metric": "m"}]]),
    max_size=5,
)


@settings(max_examples=500, derandomize=True, deadline=None)
@given(WRITTEN, DEFAULTS)
def test_a_device_is_filled_as_its_merge_fills_it(written: dict[str, Any], defaults: dict[str, Any]) -> None:
    merge = lambda device: _merge_device(device, defaults)  # noqa: E731
    assert list(_entity_filling(merge, defaults)(written).items()) == list(merge(written).items())


@settings(max_examples=500, derandomize=True, deadline=None)
@given(WRITTEN, DEFAULTS)
def test_a_sensor_is_filled_as_its_merge_fills_it(written: dict[str, Any], defaults: dict[str, Any]) -> None:
    merge = lambda sensor: _merge_sensor(sensor, defaults)  # noqa: E731
    assert list(_entity_filling(merge, defaults)(written).items()) == list(merge(written).items())


def test_the_written_mapping_is_never_changed() -> None:
    written = {"key": "s0", "name": "Sensor 0"}
    filled = _entity_filling(lambda sensor: _merge_sensor(sensor, {}), {})(written)
    assert written == {"key": "s0", "name": "Sensor 0"}
    assert filled == {"key": "s0", "name": "Sensor 0", "template": GENERIC_SENSOR, "protect": False}
