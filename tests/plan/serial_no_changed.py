"""What the tests of a declared device whose SERIAL_NO another writer changed or cleared share: the
test manifest applied with 500 observations on each sensor, dam-a/logger-1's live props then changed
by the test, and the plan refused as unsafe."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity, LiveState
from iotplan.manifest import LoadedManifest
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import load, plan_for


def applied_logger_1() -> tuple[LiveState, LiveEntity]:
    """The scenario above, before the change; the live state and its dam-a/logger-1."""
    live = applied(load(), observations=500)
    return live, find(live, "site:dam-a/logger-1")


def no_safe_plan(live: LiveState, manifest: LoadedManifest | None = None) -> NoSafePlanError:
    """Asserts the plan of `manifest` (the test manifest unless given) over `live` is refused as unsafe;
    the refusal."""
    with pytest.raises(NoSafePlanError) as refused:
        plan_for(load() if manifest is None else manifest, live)
    return refused.value
