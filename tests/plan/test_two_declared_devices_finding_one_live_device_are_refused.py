"""Two declared devices that find one live device (here a `ref_id:` naming the refId the other's
`moved` entry renames it from, which validate refuses; the plan holds the line whatever let them
through): the plan renamed it for the one, wrote the other's name to it and removed its sensors, the
very ones moved. Now the plan is refused, naming both, and neither is planned on it twice."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load

MOVED = MANIFEST.replace("- key: logger-1\n", "- key: logger-2\n") + (
    "          - {key: spare, name: Spare, template: DEMO_DEVICE_SDE}\n"
    "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
)


def test_two_declared_devices_finding_one_live_device_are_refused() -> None:
    desired = desired_state(load(MOVED))
    [node] = desired.nodes
    logger, spare = node.children
    pinned = dataclasses.replace(spare, ref_id="site:dam-a/logger-1")  # what validate now refuses
    desired = dataclasses.replace(desired, nodes=[dataclasses.replace(node, children=(logger, pinned))])

    with pytest.raises(NoSafePlanError) as refused:
        make_plan(desired, applied(load()))

    [problem] = [each for each in refused.value.refusals if str(each.address) == "dam-a/spare"]
    assert "dam-a/logger-2 takes too" in str(problem)
    assert "site:dam-a/logger-1" in str(problem)
    spare = [
        change for change in refused.value.plan().changes if str(change.address).startswith("dam-a/spare")
    ]
    assert not spare
