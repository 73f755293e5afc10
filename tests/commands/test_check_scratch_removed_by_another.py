"""A scratch connection something else removed during the check is not reported as removed by it,
nor A4's cascade as holding: its removal was never tried (fz56 #4)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands import CheckRequest, check_platform
from iotplan.render.check_report import CheckReport, Verdict
from tests.commands.test_check import INTEGRATE, SECOND
from tests.served import seed_with_gateway_ports, served

KEY = "demo-key"


def check_removed_by_another_first(url: str) -> CheckReport:
    def step(said: str) -> None:
        if said.startswith("Removing scratch connection "):  # another writer, just before the check
            body = {"integration": {"nodeId": said.split()[-1], "changeState": "remove"}}
            headers = {"Authorization": f"ApiKey {KEY}"}
            params = {"projectIds": SECOND}
            sent = httpx.post(f"{url}{INTEGRATE}", params=params, json=body, headers=headers, timeout=60)
            sent.raise_for_status()

    async def opened() -> CheckReport:
        async with open_target(TargetOptions(endpoint=url), {"IOTPLAN_API_KEY": KEY}) as target:
            return await check_platform(target, CheckRequest(SECOND), step)

    return asyncio.run(opened())


def test_a_scratch_connection_removed_by_another_is_not_said_removed_by_the_check(tmp_path: Path) -> None:
    with served(seed_with_gateway_ports(tmp_path)) as url:
        report = check_removed_by_another_first(url)
    assert "was gone before check-platform removed it" in report.scratch.message
    assert not report.scratch.message.endswith("removed."), report.scratch.message
    removal = next(line for line in report.lines if line.key == "connection-removal")
    assert removal.verdict is Verdict.UNTESTED and not report.ok
