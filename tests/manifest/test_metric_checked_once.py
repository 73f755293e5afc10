"""A metric's rule (one metric, one unit, no catalog metric with a custom unit) is checked when a
Metric is made, not again for each sensor handed the instance (a fleet's 100,000 sensors share the
default's one): it refuses exactly what it refused as an "after" model validator, with the same
words at the same place, and no Metric instance can be made without passing it."""

from __future__ import annotations

import itertools

import pytest
from pydantic import ValidationError

from iotplan.manifest.models import Metric, Sensor

FIELDS = ("metric", "custom_metric", "unit", "custom_unit")
EVERY_SUBSET = [subset for size in range(len(FIELDS) + 1) for subset in itertools.combinations(FIELDS, size)]


def expected_refusal(written: tuple[str, ...]) -> str | None:
    """The rule as the model validator said it, or None for a metric it let through."""
    if ("metric" in written) == ("custom_metric" in written):
        return "give exactly one of 'metric' (catalog id) or 'custom_metric'"
    if ("unit" in written) == ("custom_unit" in written):
        return "give exactly one of 'unit' (catalog id) or 'custom_unit'"
    if "metric" in written and "custom_unit" in written:
        return (
            "a catalog metric needs a catalog unit: the platform accepts custom metric + "
            "custom unit, metric + unit, or custom metric + unit"
        )
    return None


def refusals(data: dict[str, object]) -> list[tuple[str, tuple[int | str, ...], str]]:
    try:
        Sensor.model_validate(data)
    except ValidationError as error:
        return [(each["type"], each["loc"], each["msg"]) for each in error.errors()]
    return []


@pytest.mark.parametrize("written", EVERY_SUBSET, ids="+".join)
def test_a_metric_written_in_a_sensor_is_refused_as_the_model_validator_refused_it(
    written: tuple[str, ...],
) -> None:
    metric = {name: "x" for name in written}
    why = expected_refusal(written)
    expected = [] if why is None else [("value_error", ("metrics", 1), f"Value error, {why}")]
    ok = {"custom_metric": "x", "unit": "x"}
    assert refusals({"key": "s", "metrics": [ok, metric]}) == expected


@pytest.mark.parametrize("written", [written for written in EVERY_SUBSET if expected_refusal(written)])
def test_no_metric_breaking_the_rule_can_be_made(written: tuple[str, ...]) -> None:
    """What a sensor is handed unchecked: every way to make one checks it (model_copy aside, which
    pydantic documents as unvalidated and iotplan never calls on a Metric)."""
    values = {name: "x" for name in written}
    with pytest.raises(ValidationError):
        Metric(**values)
    with pytest.raises(ValueError) as refused:
        Metric.model_construct(**values)
    assert str(refused.value) == expected_refusal(written)


def test_a_sensor_keeps_the_metric_it_is_handed() -> None:
    metric = Metric(custom_metric="pore_pressure", unit="Pa")
    metrics = Sensor.model_validate({"key": "s", "metrics": [metric]}).metrics
    assert metrics is not None
    assert metrics[0] is metric
