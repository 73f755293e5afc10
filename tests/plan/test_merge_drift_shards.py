"""merge of drift reports: an entry in a shard file its connection does not belong to is refused,
as a plan's change so moved is (tests/plan/test_merge.py)."""

from __future__ import annotations

import pytest

from iotplan import __version__
from iotplan.errors import PlanError
from iotplan.plan.coverage import Coverage, shard_of
from iotplan.plan.drift import Report
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.merge import Part, merge_reports
from iotplan.plan.model import Action
from tests.render.plans import change, plan


def shard_report(index: int, *addresses: str) -> Part[Report]:
    entries = drift_entries(
        plan(*(change(a, Action.CREATE, "not on the platform") for a in addresses)), "m.yaml"
    )
    report = Report(target="t", entries=entries, made_by=__version__, shard=Coverage(2, (index,)))
    return Part(f"drift-{index}.json", report)


def test_an_entry_in_a_shard_file_its_connection_does_not_belong_to_is_refused_naming_both() -> None:
    assert shard_of("dam-a", 2) == 2 and shard_of("dam-e", 2) == 1
    with pytest.raises(PlanError) as raised:
        merge_reports([shard_report(1, "dam-e", "dam-a"), shard_report(2)])
    assert str(raised.value) == (
        "cannot merge: a shard's drift report holds entries of another shard, so it was edited since "
        "--shard made it:\n  drift-1.json: dam-a belongs to shard 2/2, not to this file's shard 1/2"
    )
