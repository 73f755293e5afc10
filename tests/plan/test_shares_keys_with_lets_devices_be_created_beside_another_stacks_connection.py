"""A device created under this stack's connection is compared with another stack's connection at
its key (plan/renamed_stack.py `beside_another_stacks_connection`): holding one named as declared, it
may be this stack renamed, its connection made anew first, refused. `shares_keys_with:` naming that
stack says it is another network: a device named otherwise that its sensors alone tell is created
(one named alike is refused all the same:
tests/e2e/test_shares_keys_with_never_waives_a_device_named_alike_at_its_address.py)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, read_beside
from tests.plan.test_diff import PROJECT, load, plan_for


def manifest(stack: str, devices: str, shares: str = "") -> str:
    return f"""apiVersion: iotplan/v1
stack: {stack}
{shares}projects:
  - id: {PROJECT}
    nodes:
      - key: site-01
        name: {stack} feed
        devices: {devices}
"""


SENSORS = (
    "sensors: [{key: t, name: Temperature, template: TEMPERATURE_SDE}, "
    "{key: b, name: Battery, template: BATTERY_CHARGE_SDE}]"
)
NORTH = f"[{{key: logger, name: North logger, {SENSORS}}}]"
SOUTH = f"[{{key: logger, name: South logger, {SENSORS}}}]"


@pytest.mark.parametrize("shares", ["", "shares_keys_with: [north]\n"])
def test_shares_keys_with_lets_a_device_be_created_beside_another_stacks_connection(shares: str) -> None:
    # South's connection applied without devices, found beside north's at its key.
    live = read_beside(applied(load(manifest("south", "[]"))), applied(load(manifest("north", NORTH))))
    south = load(manifest("south", SOUTH, shares))
    if not shares:
        with pytest.raises(NoSafePlanError, match="stack 'north' has a connection at this connection's key"):
            plan_for(south, live)
    else:
        changes = plan_for(south, live).changes
        created = [change.address for change in changes if change.action is Action.CREATE]
        assert created == ["site-01/logger", "site-01/logger/t", "site-01/logger/b"]
