"""A connection's removal refused 404 (another writer, a concurrent apply sending the same call, may
have removed it first) is read back by the node's id: answered as an id the platform does not know
(404), the connection is gone, neither its refId nor its id standing. The platform refused the call,
so it did not remove it: another writer did, and the removal is found made, not applied by this run.
Before, the failed read left the removal of unknown outcome."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from iotplan.apply.execute import apply_connection
from iotplan.errors import PlatformError
from tests.apply.test_refused import Refusing
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for

DAM_B = MANIFEST + "      - key: dam-b\n        name: Dam B\n"


class ReadingItGone(Refusing):
    """Refuses the call 404; its read of the connection is answered 404 too, as a removed node's."""

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        self.reads += 1
        answer = httpx.Response(404, request=httpx.Request("POST", "http://platform/api/integrations/x"))
        raise PlatformError("POST /api/integrations/{nodeId} answered 404: EntityNotFound.", response=answer)


def test_a_refused_connection_removal_whose_node_reads_gone_is_found_made() -> None:
    plan = plan_for(load(MANIFEST), applied(load(DAM_B)))
    changes = [change for change in plan.changes if change.connection == "dam-b"]
    platform = ReadingItGone(None, 404)
    outcome = asyncio.run(apply_connection(platform, "dam-b", changes, resolve=lambda _: "x"))
    assert platform.reads == 1
    assert outcome.found_made == ["dam-b"] and outcome.applied == outcome.unsure == [], outcome.message
    assert "the platform refused the call, so another writer made what it was to make" in outcome.message
