"""Another writer set the live dam-a/logger-1's SERIAL_NO to 'site:dam-a/logger-7', a refId this
stack gives but no manifest declares, its sensors keeping theirs: no `moved` apply left it so, yet
it reads as a rename of dam-a/logger-1 made outside iotplan. The SERIAL_NO-changed refusal told it
as "a refId stack 'site' gives" and preempted the refusal that names a half-done or hand-made rename
and the `moved` entries that undo or finish it (fx382). That refusal is told, and no removal is."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

AIR = "              - key: air\n                template: TEMPERATURE_SDE\n"
MANIFESTS = {"as applied": MANIFEST, "without dam-a/logger-1/air": MANIFEST.replace(AIR, "")}


@pytest.mark.parametrize("manifest", MANIFESTS)
def test_a_device_given_an_undeclared_refid_of_its_own_stack_is_told_as_renamed(manifest: str) -> None:
    assert AIR in MANIFEST
    live = applied(load(), observations=500)
    find(live, "site:dam-a/logger-1").props.update(SERIAL_NO="site:dam-a/logger-7")
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load(MANIFESTS[manifest]), live)
    message = " ".join(str(refused.value).split())
    assert "dam-a/logger-1/pz-1: would create sensor" in message, message
    assert "it is under this stack's device dam-a/logger-7, and it holds 500 observations" in message, message
    assert "dam-a/logger-1 was renamed to dam-a/logger-7 outside iotplan" in message, message
    assert "add `moved: [{from: dam-a/logger-7, to: dam-a/logger-1}]` to this one" in message, message
    assert "a refId stack 'site' gives" not in message and "removes it" not in message, message
