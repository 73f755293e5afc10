"""Under lagging REST lists, a THREAD sensor this apply renamed that the verifying plan renames again,
from and to the same names, is told updated by this apply, maybe not listed yet (fx281). One the
verifying plan updates otherwise (another field, or from another name: another writer's change, not
the lists hiding this apply's) is a difference, told as before, never as maybe not listed yet."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.plan.model import Action, FieldChange
from tests.render.plans import change, plan

PZ1 = "t/vw/pz-1"
LIVE_ID = "/fn/6C7D8E/node/vwlogger/032433/device/pz-1/sensor"


def renamed(before: str) -> FieldChange:
    return FieldChange("name", before, "PZ-1 renamed")


def test_a_thread_update_planned_otherwise_after_apply_is_not_told_unlisted() -> None:
    sent = change(PZ1, Action.UPDATE, "differs", live_id=LIVE_ID, fields=(renamed("PZ-1"),))
    again = change(PZ1, Action.UPDATE, "differs", live_id=LIVE_ID, fields=(renamed("someone's name"),))
    result = ApplyResult(plan(sent), [Outcome("t", Status.APPLIED, applied=[PZ1])], plan(again))
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    said = str(raised.value)
    assert f"  {PZ1}: update\n" in said
    assert "another writer changed what this apply wrote meanwhile" in said
    assert "maybe not listed yet" not in said and result.updated_unlisted() == []
    # the same update planned again is the lists' lag, or a writer changing it back
    result = ApplyResult(plan(sent), [Outcome("t", Status.APPLIED, applied=[PZ1])], plan(sent))
    assert result.updated_unlisted() == [PZ1]
