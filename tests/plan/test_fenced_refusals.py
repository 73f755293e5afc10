"""--target and --exclude fence refusals as they fence changes: one about an address outside the
selection, that no selected write lies above or beneath, refuses nothing; the rest still refuse."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import BOTH_EXIST, MANIFEST, load, plan_for

# logger-2 (unnamed) where an unmanaged unnamed device of its template lives, and a new connection
WITH_LOGGER_2 = MANIFEST + "          - key: logger-2\n      - key: dam-b\n        name: Dam B\n"


def _with_an_unnamed_device_in_dam_a():
    live = applied(load())
    _device(
        first_connection(live), "0B0B0B", {"SERIAL_NO": "handmade-1", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"}
    )
    return live


def _writes(targets: tuple[str, ...] = (), excludes: tuple[str, ...] = ()) -> set[str]:
    options = PlanOptions(targets=targets, excludes=excludes)
    plan = plan_for(load(WITH_LOGGER_2), _with_an_unnamed_device_in_dam_a(), options)
    return {change.address for change in plan.writes}


def _refused(targets: tuple[str, ...] = (), excludes: tuple[str, ...] = ()) -> str:
    with pytest.raises(NoSafePlanError) as refused:
        _writes(targets, excludes)
    return str(refused.value)


def test_a_refusal_outside_the_selection_refuses_nothing() -> None:
    assert "dam-a/logger-2: not found by its refId" in _refused()
    assert _writes(targets=("dam-b",)) == {"dam-b"}
    assert _writes(excludes=("dam-a/logger-2",)) == {"dam-b"}  # the refused address itself fenced off
    assert _writes(excludes=("dam-a",)) == {"dam-b"}


def test_a_refusal_inside_the_selection_still_refuses() -> None:
    assert "dam-a/logger-2: not found by its refId" in _refused(targets=("dam-a/logger-2",))
    assert "dam-a/logger-2: not found by its refId" in _refused(targets=("dam-a",))
    assert "dam-a/logger-2: not found by its refId" in _refused(excludes=("dam-b",))
    assert _writes(targets=("dam-b",)) == {"dam-b"}  # while one outside it refuses nothing


def test_a_refusal_on_an_ancestor_of_a_selected_write_still_refuses() -> None:
    """`moved` onto a connection that exists is refused at the new one; a target beneath it, which
    the fence would leave the refusal outside of, is still refused."""
    _, _, both = BOTH_EXIST["node"]
    renamed = MANIFEST.replace("key: dam-a\n", "key: dam-b\n") + "moved:\n  - {from: dam-a, to: dam-b}\n"
    live = applied(load(both))
    options = PlanOptions(targets=("dam-b/logger-1",))
    with pytest.raises(NoSafePlanError, match="dam-b: moved: both dam-a and dam-b exist"):
        plan_for(load(renamed), live, options)
    old = PlanOptions(targets=("dam-a",))  # the rename's other end: left unmade, dam-a is removed
    with pytest.raises(NoSafePlanError, match="dam-b: moved: both dam-a and dam-b exist"):
        plan_for(load(renamed), live, old)
