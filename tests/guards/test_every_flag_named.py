"""The first refusal names every flag the plan needs (fz57: `apply all.json` refused over
--allow-destroy; given it, the rerun was refused over --allow-data-model-change)."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import Permissions, refuse_unsafe
from iotplan.plan.model import Action, Change, FieldChange
from tests.render.plans import change, plan

EVERYTHING_SET = lambda reference: "a-token"  # noqa: E731
REMOVAL = change("c17", Action.REMOVE, "not in the manifest", observations=25_000)


def unit_change(address: str) -> Change:
    unit = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
    return change(address, Action.UPDATE, "differs", fields=unit, touches_data_model=True, observations=1_000)


def refusal(*changes: Change, **permissions: bool) -> str:
    with pytest.raises(IotplanError) as raised:
        refuse_unsafe(plan(*changes), Permissions(**permissions), EVERYTHING_SET)
    return str(raised.value)


def test_the_refusal_over_one_flag_names_the_others_the_plan_needs() -> None:
    message = refusal(REMOVAL, unit_change("c0/d0/s0"), unit_change("c0/d0/s1"))
    assert message.startswith("this apply would destroy 25,000 observations")
    assert message.endswith(
        "Re-run with --allow-destroy --allow-data-model-change if that is intended: it is refused without "
        "--allow-data-model-change (2 changes alter how history reads) too."
    )


def test_a_flag_already_given_is_not_asked_for_again() -> None:
    message = refusal(REMOVAL, unit_change("c0/d0/s0"), allow_data_model_change=True)
    assert message.endswith("Re-run with --allow-destroy if that is intended.")


def test_a_rerun_given_the_first_flag_is_refused_over_the_second_alone() -> None:
    message = refusal(unit_change("c0/d0/s0"), REMOVAL, allow_destroy=True)
    assert message.endswith("Re-run with --allow-data-model-change if that is intended.")


def test_every_flag_missing_is_named() -> None:
    cut_off = change("c0/edge/port1.baud_rate", Action.UPDATE, "differs", cuts_off=True)
    message = refusal(REMOVAL, unit_change("c0/d0/s0"), cut_off)
    assert message.endswith(
        "Re-run with --allow-destroy --allow-data-model-change --allow-disconnect if that is intended: it is "
        "refused without --allow-data-model-change (1 change alters how history reads) or --allow-disconnect "
        "(1 gateway setting may cut a gateway off) too."
    )
