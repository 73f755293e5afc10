"""Another stack's connection at a key this stack creates, named otherwise, holding a device named
as declared (plan/renamed_stack.py): declared with a `location:` more than 1 km from its LOCATION,
it is another site's network, let be; nearer (a position re-surveyed), it may be this one renamed."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, empty, owning_another_connection, read_beside
from tests.plan.test_diff import PROJECT, load, plan_for


def manifest(stack: str, lat: float) -> str:
    return f"""apiVersion: iotplan/v1
stack: {stack}
projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {stack} feed
        location: {{lat: {lat}, lon: 170.1}}
        devices:
          - {{key: logger, name: Datalogger}}
"""


@pytest.mark.parametrize(("lat", "refused"), [(-41.2745, True), (-41.288, False)])  # 0.5 km, 2 km
def test_a_connection_declared_more_than_a_kilometre_away_is_another_network(
    lat: float, refused: bool
) -> None:
    south = load(manifest("south", lat))
    # South owns a connection elsewhere: no first apply (that one is refused whatever the distance).
    live = owning_another_connection(read_beside(empty(south), applied(load(manifest("north", -41.27)))))
    if refused:
        with pytest.raises(NoSafePlanError, match="may be this network"):
            plan_for(south, live)
    else:
        assert Action.CREATE in {change.action for change in plan_for(south, live).changes}
