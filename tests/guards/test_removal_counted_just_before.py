"""A unit that removes is counted again just before its writes, not only once confirmed: removals
run last, after every other connection's writes, and what arrives under them meanwhile (another
stack's device, a colleague's logger) is not destroyed unseen (commands/apply.py `_JustBefore`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from iotplan.apply.outcome import Status
from iotplan.commands.apply import ApplyRequest
from iotplan.errors import ApplyError
from iotplan.plan.model import Action
from iotplan.sim import embedded_transport
from tests.guards.fleet import DAM_A, FLEET, PROJECT, manifest
from tests.guards.test_apply_command import ArrivingAfterTheFirstWave, Platform

# dam-a renamed, then dam-b (its removal, last): one at a time, so dam-b starts once dam-a is written.
DAM_A_RENAMED_DAM_B_GONE = manifest(DAM_A.replace("name: Dam A", "name: Dam A (north)"))
ONE_AT_A_TIME = ApplyRequest(parallelism=1)


def a_logger_added_by_hand_under_dam_b(platform: Platform) -> None:
    """A colleague's logger, made in the web app under dam-b while the apply writes dam-a."""

    async def call() -> None:
        headers = {"Authorization": "ApiKey demo-key"}
        async with httpx.AsyncClient(
            transport=embedded_transport(platform.db), base_url="http://sim", headers=headers
        ) as http:
            params = {"projectIds": PROJECT, "pageSize": 1000}
            nodes = (await http.get("/api/nodes/all", params=params)).json()
            [dam_b] = [n["id"] for n in nodes if n["props"].get("SERIAL_NO") == "site:dam-b"]
            logger = {"changeState": "new", "refId": "field-laptop-1", "props": {"NAME": "Hand-made"}}
            logger["props"]["INTEGRATION_ID"] = "IMPORT_DEVICE_SDE"
            body = {"integration": {"nodeId": dam_b, "devices": [logger]}}
            answer = await http.post("/api/integrations/integrate", params=params, json=body)
            assert answer.status_code < 400, answer.text

    asyncio.run(call())


@pytest.mark.parametrize("saved", [False, True], ids=["confirmed", "saved plan"])
def test_a_logger_added_under_a_removed_connection_while_others_are_written_is_not_destroyed(
    tmp_path: Path, saved: bool
) -> None:
    platform = Platform(tmp_path)
    platform.apply(FLEET)
    reviewed = platform.prepare(DAM_A_RENAMED_DAM_B_GONE).plan if saved else None
    assert [(c.address, c.action) for c in platform.prepare(DAM_A_RENAMED_DAM_B_GONE).plan.writes] == [
        ("dam-a", Action.UPDATE),
        ("dam-b", Action.REMOVE),
    ]
    clients: list[ArrivingAfterTheFirstWave] = []

    def watched(client: object) -> ArrivingAfterTheFirstWave:
        clients.append(
            ArrivingAfterTheFirstWave(client, lambda: a_logger_added_by_hand_under_dam_b(platform))
        )
        return clients[-1]

    result, _ = platform.apply(DAM_A_RENAMED_DAM_B_GONE, ONE_AT_A_TIME, saved=reviewed, client=watched)
    assert [(o.connection, o.status, o.unreviewed) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED, False),
        ("dam-b", Status.NOT_STARTED, True),
    ]
    assert "remove dam-b: 1 entity not reviewed would go with it (dam-b/#" in result.outcomes[1].message
    assert clients[0].calls.count("integrate") == 1  # dam-a's alone: dam-b was never sent
    with pytest.raises(ApplyError, match="rollout stopped: the platform changed during the rollout"):
        result.raise_if_incomplete()
    kept = [
        (c.address, c.action) for c in platform.prepare(FLEET).plan.changes if c.address.startswith("dam-b")
    ]
    assert kept[:2] == [("dam-b", Action.NOOP), ("dam-b/logger-1", Action.NOOP)]  # dam-b stands
    assert [c.reason for c in platform.prepare(FLEET).plan.changes if c.action is Action.UNMANAGED] == [
        "not declared, not owned by stack 'site' (SERIAL_NO 'field-laptop-1')"
    ]  # and so does the colleague's logger
