"""Another writer makes an entity with a refId the apply creates, under another connection, after
the plan read the project: the write then makes a second one. The verifying plan shows it as a
copy, which is no change to plan; the apply is still not complete: it names the copy and exits 1
(commands/apply.py `_copies_made`)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.apply.outcome import Status
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.render.apply_report import render_apply_json
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


def integrate(platform: Platform, body: dict[str, Any]) -> dict[str, Any]:
    async def call() -> dict[str, Any]:
        headers = {"Authorization": "ApiKey demo-key"}
        async with httpx.AsyncClient(
            transport=embedded_transport(platform.db), base_url="http://sim", headers=headers
        ) as http:
            answer = await http.post("/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
            assert answer.status_code < 400, answer.text
            return dict(answer.json())

    return asyncio.run(call())


def another_writers_connection(platform: Platform) -> str:
    new = {"changeState": "new", "refId": "field-import", "props": {"NAME": "Field import"}}
    return str(integrate(platform, {"integration": new})["integration"]["node"]["id"])


def test_a_device_another_writer_made_with_the_refid_the_apply_creates_is_named_and_exits_one(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(manifest(DAM_A))
    elsewhere = another_writers_connection(platform)
    assert [(c.address, c.action) for c in platform.prepare(WITH_LOGGER_2).plan.writes] == [
        ("dam-a/logger-2", Action.CREATE),
        ("dam-a/logger-2/air", Action.CREATE),
    ]
    device = {"changeState": "new", "refId": "site:dam-a/logger-2", "props": {"NAME": "Logger 2"}}
    device["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
    made_meanwhile = lambda: integrate(platform, {"integration": {"nodeId": elsewhere, "devices": [device]}})  # noqa: E731

    result, _ = platform.apply(
        WITH_LOGGER_2, client=lambda client: BeforeIntegrateCall(client, 0, made_meanwhile)
    )
    [outcome] = result.outcomes
    assert result.after is not None and result.after.summary.converged  # a copy is no change to plan
    [copy] = [c.address for c in result.after.changes if c.action is Action.DUPLICATE]
    said = f"dam-a/logger-2 (refId 'site:dam-a/logger-2') and its copy {copy}"
    assert (outcome.status, outcome.message) == (
        Status.FAILED,
        f"a fresh read shows a copy of what it made: {said}",
    )
    assert result.copies == [said]
    report = json.loads(render_apply_json(result.outcomes, result.after, result.stopped))
    assert report["outcomes"][0]["status"] == "failed" and said in report["outcomes"][0]["message"]
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert str(raised.value).startswith(f"a fresh read shows a copy of what this apply made: {said}. ")
