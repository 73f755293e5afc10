"""A device created under this stack's connection is compared with another stack's connection at
its key (plan/renamed_stack.py `beside_another_stacks_connection`): holding one named as declared, it
may be this stack renamed, its connection made anew first, refused. `shares_keys_with:` naming that
stack says it is another network: the device is created."""

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


DEVICES = "[{key: logger, name: Datalogger}]"


@pytest.mark.parametrize("shares", ["", "shares_keys_with: [north]\n"])
def test_shares_keys_with_lets_a_device_be_created_beside_another_stacks_connection(shares: str) -> None:
    # South's connection applied without devices, found beside north's at its key.
    live = read_beside(applied(load(manifest("south", "[]"))), applied(load(manifest("north", DEVICES))))
    south = load(manifest("south", DEVICES, shares))
    if not shares:
        with pytest.raises(NoSafePlanError, match="stack 'north' has a connection at this connection's key"):
            plan_for(south, live)
    else:
        changes = plan_for(south, live).changes
        assert [change.address for change in changes if change.action is Action.CREATE] == ["site-01/logger"]
