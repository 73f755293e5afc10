"""Another stack sharing this stack's connection (pinned by `id:`) creates a device at the address
and with the name of one this apply creates, after the plan read the project: each apply alone
would have been refused at plan time ("likely moved here from the manifest of stack ..."), yet two
applied at once each find nothing in their way and both stand. The verifying read asks again what
the plan asked before creating: the unit that made the device fails, naming both
(commands/apply.py `_beside_another_stacks`), and the report does not say the apply verified."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.render.apply_report import render_apply_text
from tests.guards.fleet import DAM_A, manifest
from tests.guards.made_during_apply import WITH_LOGGER_2, applied_while_made, logger_2_under
from tests.guards.test_apply_command import Platform


def test_a_device_another_stack_made_at_the_address_and_name_the_apply_creates_fails_its_unit(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A))
    plan = platform.prepare(WITH_LOGGER_2).plan
    assert [(c.address, c.action) for c in plan.writes] == [
        ("dam-a/logger-2", Action.CREATE),
        ("dam-a/logger-2/air", Action.CREATE),
    ]
    [dam_a] = [c.live_id for c in plan.changes if c.address == "dam-a"]
    result = applied_while_made(platform, WITH_LOGGER_2, logger_2_under(dam_a, "teamb:dam-a/logger-2"))
    [outcome] = result.outcomes
    assert result.after is not None and result.after.summary.converged  # another stack's: no change to plan
    [other] = [c for c in result.after.changes if c.live_ref_id == "teamb:dam-a/logger-2"]
    said = (
        f"dam-a/logger-2 (refId 'site:dam-a/logger-2') and device {other.address} of stack 'teamb' "
        f"({other.live_id} named 'Logger 2', refId 'teamb:dam-a/logger-2')"
    )
    assert outcome.status is Status.FAILED
    assert outcome.message.endswith(f"a fresh read shows another stack's entity at what it made: {said}")
    assert result.beside_another_stacks == [said]
    text = render_apply_text(result.outcomes, result.after, result.stopped, color=False)
    assert "shows no changes" not in text
    assert (
        "Not verified: a fresh read shows nothing left to write, but another stack's entity at what this "
        f"apply made: {said}." in text
    )
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith(
        f"a fresh read shows another stack's entity at what this apply made: {said}. "
    )
