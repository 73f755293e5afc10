"""Under --rate-limit every request waits its turn: the count read again just before a removal and
the removal were one pacing interval apart (10 s at 6/min), and a sensor added by hand in that
interval was destroyed unreviewed, exit 0. The recount and the write it guards now go back to back:
the write's turn is taken before the recount, so no pacing wait falls between them."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.clients import throttle as throttle_module
from tests.e2e.conftest import PROJECT, Workspace

SITE = f"""apiVersion: iotplan/v1
stack: paced
projects:
  - id: {PROJECT}
    nodes:
      - key: dam
        kind: api
        name: Dam feed
        devices:
          - key: logger
            name: Crest datalogger
            sensors:
              - {{key: t1, name: Water temperature, template: TEMPERATURE_SDE}}
          - key: spare
            name: Spare datalogger
"""
SPARE = "          - key: spare\n            name: Spare datalogger\n"


class Paced:
    """Every throttle on a virtual clock, its requests and waits logged in order: `read`, `write`
    (a request sent for a write, apply/outcome.py's turn) or `wait`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now, self.log = 0.0, list[str]()
        made, sending = throttle_module.Throttle.__init__, throttle_module.Throttle.before_sending

        def init(throttle: Any, clock: Any, sleep: Any, *args: Any, **kwargs: Any) -> None:
            made(throttle, lambda: self.now, self.sleep, *args, **kwargs)

        async def before_sending(throttle: Any) -> float:
            sent = await sending(throttle)
            self.log.append("write" if throttle_module.current_turn.get() is not None else "read")
            return sent

        monkeypatch.setattr(throttle_module.Throttle, "__init__", init)
        monkeypatch.setattr(throttle_module.Throttle, "before_sending", before_sending)

    async def sleep(self, seconds: float) -> None:
        self.log.append("wait")
        self.now += seconds
        await asyncio.sleep(0)

    def before_first_write(self) -> list[str]:
        """What went from the last read before the first write (the recount) to that write."""
        first = self.log.index("write")
        recount = max(at for at in range(first) if self.log[at] == "read")
        return self.log[recount : first + 1]


def paced_apply(workspace: Workspace, *args: str) -> Any:
    return workspace.run("apply", *args, "--rate-limit", "6/min", "--no-color")


@pytest.fixture
def site(workspace: Workspace) -> Workspace:
    (workspace.path / "site.yaml").write_text(SITE)
    assert workspace.run("apply", "site.yaml", "--auto-approve").exit_code == 0
    return workspace


def test_the_count_made_once_confirmed_and_the_removal_it_serves_go_back_to_back(
    site: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.edit("site.yaml", SPARE, "")
    paced = Paced(monkeypatch)
    done = paced_apply(site, "site.yaml", "--auto-approve")
    assert done.exit_code == 0, done.output
    assert paced.log.count("wait") >= 3  # every request waits its turn at 6/min
    assert paced.before_first_write() == ["read", "write"]


def test_a_saved_plans_recount_and_the_removal_it_guards_go_back_to_back(
    site: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A saved plan's removal is counted again just before its unit's writes (`_JustBefore`)."""
    site.edit("site.yaml", SPARE, "")
    assert site.run("plan", "site.yaml", "--out", "plan.json").exit_code == 0
    paced = Paced(monkeypatch)
    done = paced_apply(site, "plan.json")
    assert done.exit_code == 0, done.output
    assert paced.log.count("wait") >= 3
    assert paced.before_first_write() == ["read", "write"]
