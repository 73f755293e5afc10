"""A removal taking a web-app copy of a declared entity names it in every format: the plan that kept
its parent showed it as a duplicate iotplan does not remove on its own (README, Copies)."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Plan
from iotplan.render import plan_from_dict, plan_to_json, render_markdown
from tests.render import plans

COPY, DECLARED = Address("north/other/t"), Address("east/lg/t")


def _removal_taking_a_copy() -> Plan:
    return plans.plan(
        plans.change(
            "north",
            Action.REMOVE,
            "not in the manifest; owned by stack 'dams'; takes north/other/t, a copy of east/lg/t "
            "(refId 'dams:east/lg/t'): 42 observations",
            live_id="node-7",
            observations=42,
            collateral=(Address("north/other"), COPY),
            holding=(COPY,),
            copies_taken=((COPY, DECLARED),),
        )
    )


def test_the_json_plan_lists_the_copies_a_removal_takes_beside_its_collateral_and_reads_them_back() -> None:
    saved = json.loads(plan_to_json(_removal_taking_a_copy()))
    removal = saved["changes"][0]
    assert removal["copies_taken"] == [{"address": "north/other/t", "copy_of": "east/lg/t"}]
    assert plan_from_dict(saved).changes[0].copies_taken == ((COPY, DECLARED),)


@pytest.mark.parametrize("written", [{"address": "north/other/t"}, "north/other/t", {"copy_of": 3}])
def test_copies_taken_iotplan_does_not_write_are_refused(written: object) -> None:
    saved = json.loads(plan_to_json(_removal_taking_a_copy()))
    saved["changes"][0]["copies_taken"] = [written]
    with pytest.raises(ValueError, match=r"copies_taken|a copy's"):
        plan_from_dict(saved)


def test_the_markdown_removal_line_names_the_copy_and_the_declared_entity() -> None:
    comment = render_markdown(_removal_taking_a_copy())
    assert (
        "- remove node `north`: **42 observations**, taking `north/other/t`, a copy of `east/lg/t`" in comment
    )
