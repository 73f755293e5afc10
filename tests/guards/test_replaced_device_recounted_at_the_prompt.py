"""A device replaced (its template changes) takes every sensor under it. One that appears there
while the prompt is open was not reviewed, whoever made it: the apply stops before any write. Only
what was there when reviewed goes with it, a sensor `moved` renamed too (under its old name)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
import pytest

from iotplan.apply.outcome import Status
from iotplan.clients.target import Target
from iotplan.commands.apply import ApplyRequest, ApplyResult, as_reviewed, prepare_apply, run_apply
from iotplan.errors import StalePlanError
from iotplan.plan.guards import Permissions
from iotplan.sim import embedded_transport
from tests.guards.fleet import FLEET, PROJECT
from tests.guards.test_apply_command import Platform, desired

LOGGER_1 = "          - key: logger-1\n            name: Logger\n"
# logger-1's template changes (a replacement), and the plan creates a sensor pz-9 under it.
REPLACED = FLEET.replace(
    f"{LOGGER_1}            sensors:\n",
    f"{LOGGER_1}            template: DATALOGGER_SDE\n            sensors:\n"
    "              - key: pz-9\n                template: TEMPERATURE_SDE\n",
    1,
)
DESTROYING = ApplyRequest(permissions=Permissions(allow_destroy=True))


def sensor_added_under_logger_1(platform: Platform, ref_id: str) -> None:
    """Another writer's sensor under dam-a's logger-1, which then reports 500 observations."""

    async def call() -> None:
        headers = {"Authorization": "ApiKey demo-key"}
        async with httpx.AsyncClient(
            transport=embedded_transport(platform.db), base_url="http://sim", headers=headers
        ) as http:
            params = {"projectIds": PROJECT, "pageSize": 1000}
            nodes = (await http.get("/api/nodes/all", params=params)).json()
            [dam_a] = [n["id"] for n in nodes if n["props"].get("SERIAL_NO") == "site:dam-a"]
            sensor = {"changeState": "new", "refId": ref_id, "props": {"NAME": "added"}}
            sensor["props"]["INTEGRATION_ID"] = "TEMPERATURE_SDE"
            logger = {
                "changeState": "update",
                "refId": "site:dam-a/logger-1",
                "props": {},
                "sensors": [sensor],
            }
            body = {"integration": {"nodeId": dam_a, "devices": [logger]}}
            answer = await http.post("/api/integrations/integrate", params=params, json=body)
            assert answer.status_code < 400, answer.text

    asyncio.run(call())
    platform.record_observations(ref_id, 500)


def applied_with_the_prompt_open(platform: Platform, text: str, while_asked: str = "") -> ApplyResult:
    """`text` applied with --allow-destroy; while the prompt is open, a sensor with refId
    `while_asked` appears under logger-1 (none when "")."""

    def confirm() -> None:  # the platform is called from outside the running apply's loop
        writer = threading.Thread(target=sensor_added_under_logger_1, args=(platform, while_asked))
        writer.start()
        writer.join()

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(text), DESTROYING, {})
        return await run_apply(target, prepared, {}, confirm=confirm if while_asked else lambda: None)

    return platform.run(work)


@pytest.fixture
def holding_history(tmp_path: Path) -> Platform:
    """The fleet applied, logger-1 holding history when reviewed: more observations on it are the
    same history, so only what its replacement takes can tell that something new is there."""
    platform = Platform(tmp_path)
    platform.apply()
    platform.record_observations("site:dam-a/logger-1/pz-1", 100)
    return platform


@pytest.mark.parametrize(
    "ref_id", ["site:dam-a/logger-1/pz-2", "HAND-1"], ids=["this stack's", "made by hand"]
)
def test_a_sensor_added_under_a_replaced_device_at_the_prompt_stops_the_apply(
    holding_history: Platform, ref_id: str
) -> None:
    with pytest.raises(StalePlanError) as refused:
        applied_with_the_prompt_open(holding_history, REPLACED, while_asked=ref_id)
    assert "1 entity not reviewed would go with it (dam-a/logger-1/" in str(refused.value)
    assert "Nothing was written" in str(refused.value)


def test_a_declared_sensor_added_under_a_replaced_device_at_the_prompt_stops_the_apply(
    holding_history: Platform,
) -> None:
    """pz-9 is one the plan creates, but the one there now was not there to be shown."""
    with pytest.raises(StalePlanError) as refused:
        applied_with_the_prompt_open(holding_history, REPLACED, while_asked="site:dam-a/logger-1/pz-9")
    assert "not reviewed would go with it (dam-a/logger-1/pz-9)" in str(refused.value)


def test_a_sensor_moved_under_a_replaced_device_is_the_one_it_recreates(holding_history: Platform) -> None:
    """pz-1, renamed pz-5, is still live under its old name when the confirmed plan is counted again."""
    moved = REPLACED.replace("- key: pz-1\n", "- key: pz-5\n", 1)
    moved += "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-5}\n"
    result = applied_with_the_prompt_open(holding_history, moved)
    assert [(o.connection, o.status) for o in result.outcomes] == [("dam-a", Status.APPLIED)]


def test_a_sensor_added_under_a_replaced_device_after_a_saved_plan_makes_it_stale(
    holding_history: Platform,
) -> None:
    saved = as_reviewed(holding_history.prepare(REPLACED, DESTROYING).plan)
    sensor_added_under_logger_1(holding_history, "site:dam-a/logger-1/pz-2")
    with pytest.raises(StalePlanError) as refused:
        holding_history.apply(REPLACED, DESTROYING, saved=saved)
    assert "the platform changed since the plan was made (dam-a/logger-1)" in str(refused.value)
