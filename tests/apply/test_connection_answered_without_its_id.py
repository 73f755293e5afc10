"""A new connection split over several integrate calls, whose first call (the one creating it) is
answered without the connection's id: nothing more is sent for it. The reference requires `nodeId`
(the connection id) on a call adding to a connection; sent as null, one platform makes a second
connection of it, another refuses it (422). The first call's changes its answer does not show are of
unknown outcome, the rest not applied, and the rollout stops."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome, Status
from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from tests.plan.livebuilder import empty
from tests.plan.test_diff import MANIFEST, load, plan_for

SENSOR = "            sensors: [{key: s, metrics: [{metric: T, unit: C}]}]\n"
FOUR_DEVICES = (
    MANIFEST.split("        devices:\n")[0]
    + "        devices:\n"
    + "".join(f"          - key: d{i}\n{SENSOR}" for i in range(4))
)
INVALID_NODE = {
    "error": {"code": "InvalidProcessIntegrationRequest", "message": "ensure the nodeId is valid."}
}


class Platform:
    """Answers the call creating the connection with `first`; each later call as a platform that
    makes a connection of a call without `nodeId` would (`strict`: refuses it, 422)."""

    def __init__(self, first: dict[str, Any], strict: bool = False) -> None:
        self.first, self.strict = first, strict
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/integrations/integrate":
            return httpx.Response(200, json={"integration": {"node": {"id": "/api/N/node"}, "devices": []}})
        self.bodies.append(json.loads(request.content))
        if len(self.bodies) == 1:
            return httpx.Response(200, json=self.first)
        if self.strict:
            return httpx.Response(422, json=INVALID_NODE)
        made = {"node": {"id": f"/api/COPY{len(self.bodies)}/node", "props": {}}, "devices": []}
        return httpx.Response(200, json={"integration": made})


def apply(platform: Platform, text: str = FOUR_DEVICES, per_call: int = 3) -> Outcome:
    changes = [c for c in plan_for(load(text), empty(load(text))).changes if c.connection == "dam-a"]

    async def go() -> Outcome:
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            client = PlatformClient(http)
            return await apply_connection(
                client, "dam-a", changes, lambda ref: "x", entities_per_call=per_call
            )

    return asyncio.run(go())


FIRST_CALL = ["dam-a", "dam-a/d0", "dam-a/d0/s"]
LATER_CALLS = ["dam-a/d1", "dam-a/d1/s", "dam-a/d2", "dam-a/d2/s", "dam-a/d3", "dam-a/d3/s"]


def test_no_call_is_sent_without_the_connection_id() -> None:
    for first in ({}, {"integration": {"devices": []}}, {"integration": None}):
        platform = Platform(first)
        outcome = apply(platform)
        assert len(platform.bodies) == 1, [body["integration"].get("nodeId", "-") for body in platform.bodies]
        assert outcome.calls == 1 and outcome.status is Status.FAILED


def test_the_first_calls_changes_are_unknown_and_the_rest_not_applied() -> None:
    outcome = apply(Platform({"integration": {"devices": []}}, strict=True))
    assert [str(a) for a in outcome.unsure] == FIRST_CALL
    assert [str(a) for a in outcome.pending] == LATER_CALLS
    assert outcome.applied == [] and not outcome.refused


def test_the_message_says_no_connection_was_named_and_what_to_do() -> None:
    outcome = apply(Platform({}, strict=True))
    assert outcome.message.startswith(
        "the platform's answer to the call creating the connection named no connection id, so the rest "
        "was not sent: 3 calls carrying 6 changes, not applied (a call without the connection's id could "
        "make a second connection). Of the first call's 3 changes, its answer shows 0 made; 3 may or may "
        "not be applied; the rollout stops here. Rerun `iotplan apply`: the plan finds the connection by "
        "its refId 'site:dam-a'"
    )
    assert "adopt the one made with `id: <its id>`" in outcome.message
    assert "was creating the connection" not in outcome.message  # no later call was sent, none refused
    assert outcome.halt.startswith(
        "dam-a: the platform's answer to the call creating the connection named no"
    )


def test_what_the_answer_shows_made_is_applied() -> None:
    device = {"device": {"id": "d", "props": {"SERIAL_NO": "site:dam-a/d0"}}, "sensors": []}
    outcome = apply(Platform({"integration": {"devices": [device]}}))
    assert [str(a) for a in outcome.applied] == ["dam-a/d0"]
    assert [str(a) for a in outcome.unsure] == ["dam-a", "dam-a/d0/s"]
    assert "its answer shows 1 made; 2 may or may not be applied" in outcome.message


def test_a_connection_made_in_one_call_whose_answer_names_nothing_is_of_unknown_outcome() -> None:
    """The same answer to a connection's only call: nothing to read back, so nothing claimed applied."""
    outcome = apply(Platform({"integration": {}}), per_call=500)
    assert outcome.status is Status.FAILED and outcome.halt and outcome.applied == []
    assert [str(a) for a in outcome.unsure] == FIRST_CALL + LATER_CALLS
    assert "its answer names none of the 9 entities it was to make" in outcome.message
