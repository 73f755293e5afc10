"""What the tests of a `moved` entry onto a live entity share: the plan refused, and the one line of
its refusal that says both the old and the new address exist."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.live import LiveState
from iotplan.manifest import LoadedManifest
from tests.plan.test_diff import plan_for


def moved_onto_problem(loaded: LoadedManifest, live: LiveState) -> str:
    """`loaded` planned against `live`; asserts the plan refused; its `moved: both ... exist` line."""
    with pytest.raises(PlanError) as refused:
        plan_for(loaded, live)
    [problem] = [line for line in str(refused.value).splitlines() if "moved: both" in line]
    return problem
