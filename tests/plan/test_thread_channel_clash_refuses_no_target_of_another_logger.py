"""Two sensors already on one channel of one logger refuse the plan, yet not a --target selecting
another logger of the THREAD: the refusal is that logger's, outside the selection and no selected
write lies above or beneath it (plan/select.py)."""

from __future__ import annotations

from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import TWO_LOGGERS, desired, planned
from tests.plan.test_thread_channel_clash_refused_when_its_logger_or_sensor_is_targeted import (
    crew_sensor_on_channel_1_of_up,
)


def test_the_clash_refuses_no_selection_of_another_logger() -> None:
    renamed = TWO_LOGGERS.replace("{key: pz-down-1,", "{key: pz-down-1, name: Down 1,")
    plan = planned(desired(renamed), crew_sensor_on_channel_1_of_up(), PlanOptions(targets=("north/down",)))
    assert {change.address for change in plan.writes} == {"north/down/pz-down-1"}
