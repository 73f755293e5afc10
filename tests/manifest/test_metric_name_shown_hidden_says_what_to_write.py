"""A custom metric's or unit's name written `(sensitive)` (import writes one holding a credential so) is
refused with what to write: never "leave the field out", which drops the metric with its history."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from iotplan.manifest.models import Sensor


def refusal(metric: dict[str, str]) -> str:
    with pytest.raises(ValidationError) as raised:
        Sensor.model_validate({"key": "pz-1", "metrics": [metric]})
    (error,) = raised.value.errors()
    return str(error["msg"])


@pytest.mark.parametrize(
    "metric",
    [
        {"custom_metric": "(sensitive)", "custom_unit": "kPa"},
        {"custom_metric": "pressure", "custom_unit": "(sensitive)"},
    ],
    ids=["custom_metric", "custom_unit"],
)
def test_a_metric_name_shown_hidden_is_told_to_write_the_name_without_its_credential(
    metric: dict[str, str],
) -> None:
    said = refusal(metric)
    assert "is (sensitive), what plans show in place of a value they hide" in said
    assert "leave the field out" not in said
    assert "cannot be left out (leaving its entry out removes the metric)" in said
    assert "write its name without the credential, which renames the metric (a data-model change)" in said
    assert "rename it in the platform's web app first" in said


def test_an_entitys_name_shown_hidden_is_still_told_to_leave_it_out() -> None:
    with pytest.raises(ValidationError, match="leave the field out"):
        Sensor.model_validate({"key": "pz-1", "name": "(sensitive)", "template": "TEMPERATURE_SDE"})
