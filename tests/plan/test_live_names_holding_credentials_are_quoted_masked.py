"""A live NAME another writer set to text holding a credential (`Authorization: Bearer eyJ...`, a
schemeless `sa:pw@host`) was quoted in clear by the refusals that name the entity (a device whose
SERIAL_NO was changed, a copy, the connection holding it), masking a URL's password alone, where
every view shows it `(sensitive)`. They now quote it as views show it."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError, PlanError
from iotplan.live import LiveEntity
from tests.plan.livebuilder import applied, find
from tests.plan.test_copies import _connection, _device
from tests.plan.test_diff import load, plan_for

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz"
# A live NAME, the secret in it, and how a refusal quotes it.
NAMES = {
    "bearer": (f"Authorization: Bearer {JWT}", JWT, "'(sensitive)'"),
    "userinfo": ("sa:pw0rd1-canary@db.example", "pw0rd1-canary", "'(sensitive)@db.example'"),
}


@pytest.mark.parametrize("case", NAMES)
def test_a_device_whose_serial_no_was_changed_is_named_masked(case: str) -> None:
    name, secret, shown = NAMES[case]
    live = applied(load(), observations=500)
    logger = find(live, "site:dam-a/logger-1")
    logger.props.update(SERIAL_NO="x-123", NAME=name)
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(), live)
    message = str(refused.value)
    assert f"the device at {logger.id} named {shown} (SERIAL_NO 'x-123')" in message
    assert secret not in message


@pytest.mark.parametrize("case", NAMES)
def test_a_copy_and_its_connection_are_named_masked(case: str) -> None:
    name, secret, shown = NAMES[case]
    live = applied(load())
    connection = _connection(live)
    declared = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[declared.parent_id] = [
        each for each in connection.sensors[str(declared.parent_id)] if each.id != declared.id
    ]
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    copy = LiveEntity(
        f"{hand.id}/0B0B0B/sensor", {"SERIAL_NO": "SITE:dam-a/logger-1/pz-1", "NAME": name}, hand.id
    )
    connection.sensors[hand.id] = [copy]
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    problem = str(refused.value)
    assert f"It is a copy at dam-a/#0A0A0A/#0B0B0B named {shown}" in problem, problem
    assert secret not in problem
