"""A live NAME another writer set to text holding a credential (`Authorization: Bearer eyJ...`, a
schemeless `sa:pw@host`) was quoted in clear by the refusals that name the entity (a device whose
SERIAL_NO was changed, a copy, the connection holding it), masking a URL's password alone, where
every view shows it `(sensitive)`. They now quote it as views show it."""

from __future__ import annotations

import pytest

from tests.plan.copy_under_a_hand_device import refused_over_a_copy_of_missing_pz_1
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz"
# A live NAME, the secret in it, and how a refusal quotes it.
NAMES = {
    "bearer": (f"Authorization: Bearer {JWT}", JWT, "'(sensitive)'"),
    "userinfo": ("sa:pw0rd1-canary@db.example", "pw0rd1-canary", "'(sensitive)@db.example'"),
}


@pytest.mark.parametrize("case", NAMES)
def test_a_device_whose_serial_no_was_changed_is_named_masked(case: str) -> None:
    name, secret, shown = NAMES[case]
    live, logger = applied_logger_1()
    logger.props.update(SERIAL_NO="x-123", NAME=name)
    message = str(no_safe_plan(live))
    assert f"the device at {logger.id} named {shown} (SERIAL_NO 'x-123')" in message
    assert secret not in message


@pytest.mark.parametrize("case", NAMES)
def test_a_copy_and_its_connection_are_named_masked(case: str) -> None:
    name, secret, shown = NAMES[case]
    problem = refused_over_a_copy_of_missing_pz_1(name)
    assert f"It is a copy at dam-a/#0A0A0A/#0B0B0B named {shown}" in problem, problem
    assert secret not in problem
