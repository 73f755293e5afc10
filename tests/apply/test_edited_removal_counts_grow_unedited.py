"""The counts a removal's reason says grow while its sensors report, the plan file untouched: no edit
(what a removal takes beyond its review, `takes_more` weighs)."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.model import Action
from tests.render.plans import change

OWNED = "not in the manifest; owned by stack 'dams' (3 sensors, {} observations)"


def test_a_removal_whose_reason_counts_more_observations_now_is_not_edited() -> None:
    saved = change("dam-a/logger-1", Action.REMOVE, OWNED.format("1,200"), fingerprint="fp")
    fresh = dataclasses.replace(saved, reason=OWNED.format("1,260"))
    assert edited_parts(saved, fresh) == []
