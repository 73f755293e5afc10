"""Under a --rate-limit whose pacing interval is over 2 s, an apply that destroys says once how long
each removal goes after the recount guarding it at least, and that other units' requests widen it:
what arrives in between is not seen (fz73). It said "10 s", which the other units' requests sharing
the pace made a lower bound (cr70), and "after the recount" where the recount's own reads (the
connection's REST read, then JSON-RPC's count reads) each take an interval too: 20 s after its first
read with one count read (cr75). 6/min is paced at 90% of it, 5.4/min (clients/throttle.py
`known_pace`); 40/min at 36/min, 1.7 s apart."""

from __future__ import annotations

import pytest

from iotplan.clients.throttle import Throttle
from tests.e2e.conftest import Workspace
from tests.e2e.test_another_writer_between_calls import D1, DX, applied_with_history, site

SAID = (
    "pacing at 5.4/min: a removal (or a data-model change counted again) goes 11.1 s after the last read "
    "counting it at the soonest, an interval of 11.1 s more for each read before that one (a connection's "
    "REST read, then JSON-RPC's count reads: 22.2 s after the first with one) and for each request whose "
    "turn comes between (its unit's writes before it, another unit's, REST or JSON-RPC); what arrives in "
    "between is not seen"
)


@pytest.fixture
def unpaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests sent at once whatever the rate given: the notice, not the pace, is under test."""

    async def at_once(self: Throttle, outdated: object = None) -> float:
        return self.clock()

    monkeypatch.setattr(Throttle, "before_sending", at_once)


def applied(workspace: Workspace, caplog: pytest.LogCaptureFixture, more: str, rate: str) -> list[str]:
    """What the apply warned of (on stderr), removing dx (unless `more` keeps it) at `rate`."""
    applied_with_history(workspace, DX)
    site(workspace, D1, more)
    caplog.clear()
    applying = workspace.run("apply", "site.yaml", "--auto-approve", "--rate-limit", rate)
    assert applying.exit_code == 0, applying.output
    return [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]


@pytest.mark.usefixtures("unpaced")
def test_an_apply_that_removes_at_6_a_minute_says_the_window_once(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    assert applied(workspace, caplog, "", "6/min").count(SAID) == 1


@pytest.mark.usefixtures("unpaced")
@pytest.mark.parametrize(("more", "rate"), [("", "40/min"), (DX, "6/min")])
def test_no_window_said_at_2_s_or_without_a_removal(
    workspace: Workspace, caplog: pytest.LogCaptureFixture, more: str, rate: str
) -> None:
    said = applied(workspace, caplog, more, rate)
    assert not [message for message in said if "after the last read counting it" in message]
