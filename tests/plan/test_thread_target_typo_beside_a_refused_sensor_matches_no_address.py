"""A mistyped --target is told as such though a THREAD sensor beside what it meant to name is
refused with no change: only a pattern that matches what a refusal is about is no typo."""

from __future__ import annotations

import pytest

from iotplan.errors import EmptySelectionError
from iotplan.plan.model import PlanOptions
from tests.plan.thread_earlier_copy import planned_with


def test_a_typo_beside_a_refused_sensor_matches_no_address() -> None:
    with pytest.raises(EmptySelectionError, match="--target 'thread/ipi/tilt9' matches no address"):
        planned_with(PlanOptions(targets=("thread/ipi/tilt9",)))
