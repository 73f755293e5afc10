"""An update's reason says no count that grows: a digit edited in it (the address it was moved from)
is an edit, where a removal's counts are weighed apart (test_edited_removal_counts_grow_unedited.py)."""

from __future__ import annotations

import dataclasses

from iotplan.apply.edited import edited_parts
from iotplan.plan.model import Action
from tests.render.plans import change


def test_an_update_moved_from_another_address_than_reviewed_is_an_edited_reason() -> None:
    fresh = change("dam-a/logger-2", Action.UPDATE, "moved from dam-a/logger-7", fingerprint="fp")
    saved = dataclasses.replace(fresh, reason="moved from dam-a/logger-8")
    assert edited_parts(saved, fresh) == ["reason"]
