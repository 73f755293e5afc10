"""A shard of a merged plan is checked for the file's edits before the first shard writes
(`check_not_edited`): a write moved to an address the manifest does not declare is refused as the
file's even where the platform changed another entity of the part, whose change that shard's own
check finds at its turn."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.stale import check_not_edited
from iotplan.commands.apply import as_reviewed
from iotplan.errors import StalePlanError
from iotplan.plan.address import Address
from tests.render import plans


def test_edit_found_ahead_beside_a_platform_change() -> None:
    made = plans.update()
    edited = [
        dataclasses.replace(change, address=Address("dam-a/logger-1/pz-9"))
        if change.address == "dam-a/logger-1/pz-1"
        else change
        for change in made.changes
    ]
    saved = as_reviewed(dataclasses.replace(made, changes=tuple(edited)))
    renamed_since = [
        dataclasses.replace(change, fingerprint="fp-device-renamed-in-the-web-app")
        if change.address == "dam-a/logger-1"
        else change
        for change in made.changes
    ]
    fresh = dataclasses.replace(made, changes=tuple(renamed_since))
    with pytest.raises(StalePlanError) as refused:
        check_not_edited(saved, fresh)
    assert str(refused.value) == (
        "the plan file was edited: it writes dam-a/logger-1/pz-9 (the entity it names stands at "
        "dam-a/logger-1/pz-1), where the manifest declares nothing and nothing stands on the platform: run "
        "iotplan plan again"
    )
