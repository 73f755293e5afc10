"""A removal first in its unit, its count read 1.5 s before its first call (within the pacing line's
window: unpaced, 2 s), goes on that count: no request more, whether counted once confirmed or in its
--parallelism slot (fx227)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.guards.count_answered_late import applied
from tests.guards.fleet import FLEET
from tests.guards.test_apply_command import AIR, Platform


@pytest.mark.parametrize(
    "arm_on", ["confirm", "integrate"], ids=["counted once confirmed", "counted in its slot"]
)
def test_a_removal_counted_just_before_its_first_call_costs_no_request_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arm_on: str
) -> None:
    platform = Platform(tmp_path)
    platform.apply(FLEET)
    text = FLEET.replace(AIR, "", 1) if arm_on == "confirm" else FLEET.replace(AIR, "")
    result, client = applied(platform, monkeypatch, text, 1.5, lambda: None, arm_on)
    assert result.succeeded, [(o.connection, o.message) for o in result.outcomes]
    calls = client.calls  # a call's own count is read within it: named after it
    first, verified = calls.index("integrate"), calls.index("list_nodes", calls.index("integrate"))
    counted_once_confirmed = calls[calls.index("list_sensors") + 1 : first]  # after the plan's read
    if arm_on == "confirm":  # dam-a's count once confirmed, then its call alone
        assert (counted_once_confirmed, calls[first:verified]) == (["get_integration"], ["integrate"]), calls
    else:  # dam-a's and dam-b's once confirmed, dam-a's in its slot, its call; then dam-b's alike
        counted_then_called = ["integrate", "get_integration", "integrate"]
        assert calls[first - 1 : verified] == ["get_integration", *counted_then_called], calls
