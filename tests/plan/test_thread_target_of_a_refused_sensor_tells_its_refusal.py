"""A --target naming a THREAD sensor refused as a likely earlier copy (which has no change) is told
that refusal, as a plain plan tells it, not that the pattern matches no address."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import PlanOptions
from tests.plan.thread_earlier_copy import REFUSAL, planned_with


def test_a_target_of_a_refused_sensor_is_told_its_refusal() -> None:
    with pytest.raises(NoSafePlanError) as refused:
        planned_with(PlanOptions(targets=("thread/ipi/tilt3",)))
    assert REFUSAL in str(refused.value)
