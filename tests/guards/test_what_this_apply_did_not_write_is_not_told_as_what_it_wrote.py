"""An apply that created pz-4 while another writer moved pz-1: the verifying plan updates pz-1, which
this apply never wrote, yet the error blamed "another writer changed what this apply wrote"."""

from __future__ import annotations

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.commands.apply import ApplyResult
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from tests.render.plans import change, plan


def raised_after(after_writes: list[str], applied: list[str]) -> str:
    after = plan(*(change(address, Action.UPDATE, "differs") for address in after_writes))
    result = ApplyResult(plan(), [Outcome("t1", Status.APPLIED, applied=applied)], after)
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    return str(raised.value)


def test_an_entity_this_apply_did_not_write_is_told_changed_since_the_plan_read_it() -> None:
    said = raised_after(["t1/vw/pz-1"], applied=["t1/vw/pz-4"])
    assert "what this apply wrote" not in said
    assert "another writer changed it since the plan read it (this apply did not write it)" in said


def test_written_and_unwritten_entities_are_told_apart() -> None:
    said = raised_after(["t1/vw/pz-1", "t1/vw/pz-4"], applied=["t1/vw/pz-4"])
    assert (
        "another writer changed what this apply wrote meanwhile, or t1/vw/pz-1 (which it did not write) "
        "since the plan read it" in said
    )
