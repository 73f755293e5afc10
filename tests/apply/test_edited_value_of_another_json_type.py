"""A saved write's value edited to another JSON type that Python holds equal (`true` for `1`) is an
edit: a reader of the file sees the one, the platform would be given the other."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.model import Action
from tests.render.plans import change


def test_true_where_a_plan_made_now_writes_1_is_an_edited_after() -> None:
    fresh = change("dam-a", Action.CREATE, "not on the platform", after={"name": "Dam A", "spare": 1})
    saved = dataclasses.replace(fresh, after={"name": "Dam A", "spare": True})
    assert saved.after == fresh.after
    assert edited_parts(saved, fresh) == ["after"]
