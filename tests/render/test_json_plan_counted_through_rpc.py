"""A removal's or data-model change's `counted_through_rpc` (format 1.18): the plan asked JSON-RPC for
a count it weighs. Saved where true and read back; the estimate counts the recount's JSON-RPC read by
it. A plan saved at 1.17 records none: its estimate is made by its counts, as it was made then, so its
saved impact still reads; a 1.17 plan holding the key is the file's edit."""

from __future__ import annotations

import dataclasses
import re

import pytest

from iotplan.plan.impact import impact_of
from iotplan.plan.model import Action, Plan
from iotplan.render import plan_from_dict, plan_to_dict
from tests.render.plans import change, plan

# A REST connection's sensor holding data, removed: the apply reads the connection again once
# confirmed, then sends one integrate call.
CONNECTION = change("dam-a", Action.NOOP, "in sync", live_id="node-a")
REMOVED = change(
    "dam-a/logger-1/pz-3",
    Action.REMOVE,
    "removed from the manifest",
    template="GENERIC_SENSOR_SDE",
    live_id="sen-3",
    before={"name": "Piezometer 3"},
    observations=1_234,
    fingerprint="fp-pz-3",
)


def _removal(*, through_rpc: bool) -> Plan:
    return plan(CONNECTION, dataclasses.replace(REMOVED, counted_through_rpc=through_rpc))


def _removed(document: dict[str, object]) -> dict[str, object]:
    changes = document["changes"]
    assert isinstance(changes, list)
    return next(each for each in changes if each["address"] == REMOVED.address)


def test_it_is_saved_where_true_and_read_back() -> None:
    document = plan_to_dict(_removal(through_rpc=True))
    assert _removed(document)["counted_through_rpc"] is True
    assert plan_from_dict(document) == _removal(through_rpc=True)
    assert "counted_through_rpc" not in _removed(plan_to_dict(_removal(through_rpc=False)))


def test_the_estimate_counts_the_recounts_json_rpc_read_by_it() -> None:
    """The read once confirmed, and beside it `getSensors` where the plan asked JSON-RPC, then the call."""
    assert impact_of(_removal(through_rpc=True)).write_requests == 3
    assert impact_of(_removal(through_rpc=False)).write_requests == 2


def test_a_1_17_plan_is_estimated_by_its_counts_as_it_was() -> None:
    """Its removal of what REST counted at 0 was taken as asked of JSON-RPC, as the iotplan that saved
    it estimated: the impact it saved reads, not told as another build's count."""
    empty = dataclasses.replace(REMOVED, observations=0)
    saved = dataclasses.replace(plan(CONNECTION, empty), format_version="1.17")
    document = plan_to_dict(saved)
    assert document["format_version"] == "1.17" and document["impact"]["write_requests"] == 3  # type: ignore[index]
    assert impact_of(plan_from_dict(document)).write_requests == 3
    assert impact_of(plan(CONNECTION, empty)).write_requests == 2  # at 1.18: JSON-RPC was not asked


def test_a_1_17_plan_holding_it_is_refused_as_edited() -> None:
    document = plan_to_dict(_removal(through_rpc=True)) | {
        "format_version": "1.17",
        "iotplan_version": "0.0.9",
    }
    with pytest.raises(
        ValueError,
        match=re.escape(f"but {REMOVED.address} holds counted_through_rpc, which plans hold since 1.18"),
    ):
        plan_from_dict(document)
