"""Each flag a guard asks for is spelled once (plan/guards.py FLAGS): the changes that need it, what
the user gave for it and what needs it, said. Three parallel tables meant a flag added to one made a
refusal raise KeyError while it named the flags a rerun needs too."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import IotplanError
from iotplan.plan.guards import FLAGS, Flag, Permissions, flags_needed, refuse_data_loss
from iotplan.plan.model import Action
from tests.render.plans import change, plan

DESTROYING = change("dam-a/logger-1/pz-1", Action.REMOVE, "not in the manifest", observations=3)
RENAMED = change("dam-b", Action.UPDATE, "differs")


def test_each_permission_allows_its_own_flag_and_no_other() -> None:
    names = [field.name for field in dataclasses.fields(Permissions)]
    assert len(FLAGS) == len(names)
    for name in names:
        given = Permissions(**{name: True})
        assert [flag for flag in FLAGS if given.allows(flag)] == [f"--{name.replace('_', '-')}"]


def test_a_flag_added_to_the_table_is_named_by_a_refusal_of_another(monkeypatch: pytest.MonkeyPatch) -> None:
    renames = Flag(lambda c: c.action is Action.UPDATE, lambda given: False, "rename", "renames")
    monkeypatch.setitem(FLAGS, "--allow-rename", renames)
    the_plan = plan(DESTROYING, RENAMED)
    assert flags_needed(the_plan) == ["--allow-destroy", "--allow-rename"]
    with pytest.raises(IotplanError) as raised:
        refuse_data_loss(the_plan, Permissions())
    assert str(raised.value).endswith(
        "Re-run with --allow-destroy --allow-rename if that is intended: it is refused without "
        "--allow-rename (1 rename) too."
    )
