"""Another stack sharing this stack's connection (pinned by `id:`) creates a device at the address
and with the name of one this apply creates, after the plan read the project: each apply alone
would have been refused at plan time ("likely moved here from the manifest of stack ..."), yet two
applied at once each find nothing in their way and both stand. The verifying read asks again what
the plan asked before creating: the unit that made the device fails, naming both
(commands/apply.py `_beside_another_stacks`), and the report does not say the apply verified."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.render.apply_report import render_apply_text
from iotplan.sim import embedded_transport
from tests.guards.fleet import DAM_A, PROJECT, manifest
from tests.guards.test_apply_command import Platform
from tests.guards.test_removal_counted_before_each_call import BeforeIntegrateCall

LOGGER_2 = """          - key: logger-2
            name: Logger 2
            sensors:
              - key: air
                template: TEMPERATURE_SDE
"""
WITH_LOGGER_2 = manifest(DAM_A + LOGGER_2)


def integrate(platform: Platform, body: dict[str, Any]) -> None:
    async def call() -> None:
        headers = {"Authorization": "ApiKey demo-key"}
        async with httpx.AsyncClient(
            transport=embedded_transport(platform.db), base_url="http://sim", headers=headers
        ) as http:
            answer = await http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
            assert answer.status_code < 400, answer.text

    asyncio.run(call())


def test_a_device_another_stack_made_at_the_address_and_name_the_apply_creates_fails_its_unit(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A))
    plan = platform.prepare(WITH_LOGGER_2).plan
    assert [(c.address, c.action) for c in plan.writes] == [
        ("dam-a/logger-2", Action.CREATE),
        ("dam-a/logger-2/air", Action.CREATE),
    ]
    [dam_a] = [c.live_id for c in plan.changes if c.address == "dam-a"]
    device = {"changeState": "new", "refId": "teamb:dam-a/logger-2", "props": {"NAME": "Logger 2"}}
    device["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
    made_meanwhile = lambda: integrate(platform, {"integration": {"nodeId": dam_a, "devices": [device]}})  # noqa: E731

    result, _ = platform.apply(
        WITH_LOGGER_2, client=lambda client: BeforeIntegrateCall(client, 0, made_meanwhile)
    )
    [outcome] = result.outcomes
    assert result.after is not None and result.after.summary.converged  # another stack's: no change to plan
    [other] = [c for c in result.after.changes if c.live_ref_id == "teamb:dam-a/logger-2"]
    said = (
        f"dam-a/logger-2 (refId 'site:dam-a/logger-2') and device {other.address} of stack 'teamb' "
        f"({other.live_id} named 'Logger 2', refId 'teamb:dam-a/logger-2')"
    )
    assert outcome.status is Status.FAILED
    assert outcome.message.endswith(f"a fresh read shows another stack's entity at what it made: {said}")
    assert result.beside_another_stacks == [said]
    text = render_apply_text(result.outcomes, result.after, result.stopped, color=False)
    assert "shows no changes" not in text
    assert (
        "Not verified: a fresh read shows nothing left to write, but another stack's entity at what this "
        f"apply made: {said}." in text
    )
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith(
        f"a fresh read shows another stack's entity at what this apply made: {said}. "
    )
