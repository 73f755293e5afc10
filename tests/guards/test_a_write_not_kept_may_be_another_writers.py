"""A THREAD that still differs after an on-device apply was told as "a write this THREAD accepted but
did not keep points at an assumption it does not share", though the usual cause is another writer:
a second run at once (fz84 #2), or a person changing it meanwhile. Both causes are said."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from tests.render.plans import change, plan


def test_a_write_not_kept_may_be_another_writers() -> None:
    on_device = dataclasses.replace(plan(), target_identity="thread:5D6E7F")
    after = plan(change("thread-south/edge/port1.baud_rate", Action.UPDATE, "differs"))
    wrote = Outcome("thread-south", Status.APPLIED, applied=["thread-south/edge/port1.baud_rate"])
    result = ApplyResult(on_device, [wrote], after)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    said = str(raised.value)
    assert "another writer changed what this apply wrote meanwhile (another iotplan run, a person" in said
    assert "or a write this THREAD accepted but did not keep points at an assumption" in said
