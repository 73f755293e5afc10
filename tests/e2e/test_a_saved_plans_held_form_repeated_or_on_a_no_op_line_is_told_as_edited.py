"""A 1.17 plan's note of a prop resent as the platform holds it is data (`held_forms`) and the text
worded from it. Two edits made in the text and data alike were accepted: the held form repeated on
its line (no plan notes one prop of one entity twice), and the note copied onto a line that writes
nothing (a no-op line resends nothing). Each is the file's edit, refused as the plan is read."""

from __future__ import annotations

import copy

from iotplan.apply.bodies import held_forms_worded
from iotplan.plan.address import Address
from iotplan.plan.model import HeldForm
from tests.e2e.conftest import Workspace
from tests.e2e.merged_shards import change_at
from tests.e2e.test_a_saved_plans_held_forms_are_plan_data import _refused_as_edited, _saved


def _worded(line: dict, forms: list[dict]) -> str:
    held = [HeldForm(**{**form, "address": Address(form["address"])}) for form in forms]
    return f"; {held_forms_worded(Address(line['address']), held)}"


def test_a_held_form_repeated_in_text_and_data_alike_is_refused_as_edited(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    own = pz_2["reason"][: pz_2["reason"].index("; its device dam-a/logger-1")]
    pz_2["held_forms"] = pz_2["held_forms"] * 2
    pz_2["reason"] = own + _worded(pz_2, pz_2["held_forms"])

    _refused_as_edited(
        workspace, plan, "dam-a/logger-1/pz-2: its held_forms names LOCATION of dam-a/logger-1 twice"
    )


def test_a_held_form_copied_onto_a_no_op_line_is_refused_as_edited(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    logger = change_at(plan, "dam-a/logger-1")
    assert logger["action"] == "no-op", logger
    logger["held_forms"] = copy.deepcopy(pz_2["held_forms"])
    logger["reason"] += _worded(logger, logger["held_forms"])

    _refused_as_edited(
        workspace, plan, "dam-a/logger-1: its held_forms names dam-a/logger-1, which its line does not send"
    )
