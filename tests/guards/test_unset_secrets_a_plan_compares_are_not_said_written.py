"""A refusal over unset secrets says what the plan needs them for: in-sync sites whose token the plan
would not write are listed under "secrets this plan needs are not set:", not as secrets it writes (it
needs them to compare the live tokens, README's "a secret the plan needs is unset")."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import refuse_unset_secrets
from iotplan.plan.model import Action, Cause
from tests.render.plans import change, plan

TOKEN = "${env:FEED_TOKEN}"


def test_a_token_the_plan_only_compares_is_said_needed_to_compare() -> None:
    after = {"name": "Site", "auth_token": TOKEN}
    written = change("site-1", Action.UPDATE, "differs", after=after)
    compared = change("site-2", Action.NOOP, "token not compared", after=after, cause=Cause.UNVERIFIABLE)
    with pytest.raises(IotplanError) as raised:
        refuse_unset_secrets(plan(written, compared), lambda reference: None)
    assert str(raised.value) == (
        "secrets this plan needs are not set:\n"
        f"  site-1: auth_token {TOKEN} is not set (or empty) in the environment\n"
        f"  site-2: auth_token {TOKEN} is not set (or empty) in the environment: without it the plan cannot "
        "compare it with the platform's token, so cannot tell whether to write it\n"
        "Export FEED_TOKEN (or set the CI secret) and re-run.\n"
        "Or, where nobody knows the token of a connection that exists already, delete its `auth_token:` "
        "line: iotplan then leaves the token as the platform holds it, unmanaged (but where updates replace "
        "props, "
        "check-platform A2, the next update of the connection drops it)."
    )
