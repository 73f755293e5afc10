"""The pacing window an apply that removes says is the throttle's, which spaces requests at 90% of a
--rate-limit under 2 a second (clients/throttle.py `known_pace`): at 30/min it said nothing, its 2 s
interval taken as short enough, where every request waits 2.2 s for its turn; at 6/min it said 10 s
where the turns are 11.1 s apart."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_pacing_window_said import applied, unpaced

__all__ = ["unpaced"]  # the fixture: requests sent at once, the notice under test

WINDOW = (
    "pacing at 27/min: a removal (or a data-model change counted again) goes 2.2 s after the last read "
    "counting it at the soonest, an interval of 2.2 s more for each read before that one (a connection's "
    "REST read, then JSON-RPC's count reads: 4.4 s after the first with one)"
)


@pytest.mark.usefixtures("unpaced")
def test_an_apply_that_removes_at_30_a_minute_says_the_window_at_27(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    said = applied(workspace, caplog, "", "30/min")
    assert [message for message in said if message.startswith(WINDOW)], said
