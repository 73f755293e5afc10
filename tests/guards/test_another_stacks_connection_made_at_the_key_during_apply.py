"""Another stack declaring this stack's connection by key and name (a stack renamed while its old
pipeline still runs) creates it after this apply's plan read the project: one applied after the other
would have been refused ("this stack looks renamed from ..."), yet two at once each create theirs. The
verifying read asks again what the plan asked before creating: the unit that made the connection
fails, naming both (commands/apply.py `_beside_another_stacks`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import integrate
from tests.guards.test_apply_command import Platform
from tests.guards.test_removal_counted_before_each_call import BeforeIntegrateCall


def test_a_connection_another_stack_made_at_the_key_and_name_the_apply_creates_fails_its_unit(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    assert (Action.CREATE, "dam-a") in [
        (c.action, c.address) for c in platform.prepare(manifest(DAM_A)).plan.writes
    ]
    node = {"changeState": "new", "refId": "site-old:dam-a", "props": {"NAME": "Dam A"}}
    made_meanwhile = lambda: integrate(platform, {"integration": node})  # noqa: E731

    result, _ = platform.apply(
        manifest(DAM_A), client=lambda client: BeforeIntegrateCall(client, 0, made_meanwhile)
    )
    [outcome] = result.outcomes
    assert result.after is not None and result.after.summary.converged  # another stack's: no change to plan
    [other] = [c for c in result.after.changes if c.live_ref_id == "site-old:dam-a"]
    said = (
        f"dam-a (refId 'site:dam-a') and connection {other.address} of stack 'site-old' "
        f"({other.live_id} named 'Dam A', refId 'site-old:dam-a')"
    )
    assert outcome.status is Status.FAILED
    assert result.beside_another_stacks == [said]
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith(
        f"a fresh read shows another stack's entity at what this apply made: {said}. "
    )
