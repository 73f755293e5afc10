"""What the tests of a plan's JSON made once share: each plan `plan_json_chunks` is asked to make."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iotplan.plan.model import Plan
from iotplan.render import json_plan


def plans_made_into_json(monkeypatch: pytest.MonkeyPatch) -> list[Plan]:
    """From now on, each plan `json_plan.plan_json_chunks` makes into JSON, appended to the list returned."""
    made: list[Plan] = []
    making = json_plan.plan_json_chunks

    def counted(plan: Plan) -> Iterator[bytes]:
        made.append(plan)
        return making(plan)

    monkeypatch.setattr(json_plan, "plan_json_chunks", counted)
    return made
