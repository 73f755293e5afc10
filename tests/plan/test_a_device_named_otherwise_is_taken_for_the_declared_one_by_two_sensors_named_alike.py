"""Another stack's connection at a key this stack creates, named otherwise, with a device named
otherwise at a declared device's address (plan/renamed_stack.py): its sensors tell whether it is the
one declared (this stack renamed with names edited, refused) or another network's (let be). At least
two named alike, and more than named otherwise: one alike is what two loggers of one kind share."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, empty, owning_another_connection, read_beside
from tests.plan.test_diff import PROJECT, load, plan_for

NAMES = ("Temperature", "Battery", "Humidity", "Pressure", "Wind")


def manifest(stack: str, names: list[str]) -> str:
    sensors = "".join(
        f"              - {{key: s{at}, name: {name}, template: TEMPERATURE_SDE}}\n"
        for at, name in enumerate(names)
    )
    return f"""apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {stack} feed
        devices:
          - key: logger
            name: {stack} logger
            sensors:
{sensors}"""


@pytest.mark.parametrize(
    ("alike", "otherwise", "refused"),
    [(1, 0, False), (2, 0, True), (2, 2, False), (3, 2, True)],
)
def test_a_device_named_otherwise_is_taken_for_the_declared_one_by_two_sensors_named_alike(
    alike: int, otherwise: int, refused: bool
) -> None:
    here = [*NAMES[:alike], *(f"{name} (south)" for name in NAMES[alike : alike + otherwise])]
    south = load(manifest("south", here))
    north = applied(load(manifest("north", list(NAMES[: alike + otherwise]))))
    live = owning_another_connection(read_beside(empty(south), north))  # no first apply: rule 1's
    if refused:
        with pytest.raises(NoSafePlanError, match="may be this network"):
            plan_for(south, live)
    else:
        assert Action.CREATE in {change.action for change in plan_for(south, live).changes}
