"""An integrate call the platform accepted but answered with something iotplan cannot read (not an
object, or its `integration`, `integration.node` or the node's id of another kind): what it made is
unknown, so its changes may or may not have been applied, the request named, and nothing more of
the connection is sent. (fz2 found these crashing the apply: no report, other units never sent.)"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome, Status
from iotplan.live import LiveState
from tests.plan.livebuilder import applied, empty
from tests.plan.test_diff import MANIFEST, load, plan_for

UNREADABLE = {
    "null": (None, "answered null"),
    "a list": ([], "answered a list"),
    "text": ("ok", "answered text"),
    "a number": (1, "answered a number"),
    "a boolean": (True, "answered a boolean"),
    "integration as text": ({"integration": "x"}, "answered `integration` as text"),
    "integration.node as text": ({"integration": {"node": "x"}}, "answered `integration.node` as text"),
    "integration.node as a list": ({"integration": {"node": []}}, "answered `integration.node` as a list"),
    "the node's id a number": (
        {"integration": {"node": {"id": 5}}},
        "answered `integration.node.id` as a number",
    ),
}


class Answering:
    """Accepts every integrate call and answers it with `answer`; counts what it is sent."""

    def __init__(self, answer: Any) -> None:
        self.answer, self.calls, self.reads = answer, 0, 0

    async def integrate(self, project_id: str, body: dict[str, Any]) -> Any:
        self.calls += 1
        return self.answer

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        self.reads += 1
        raise AssertionError("an unreadable answer is not read back: nothing names what it made")


def apply_site(platform: Answering, live: LiveState) -> Outcome:
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest logger")), live)
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    return asyncio.run(apply_connection(platform, "dam-a", changes, resolve=lambda ref: "x"))


@pytest.mark.parametrize(("answer", "said"), UNREADABLE.values(), ids=UNREADABLE.keys())
@pytest.mark.parametrize("creating", [True, False], ids=["new connection", "existing connection"])
def test_an_unreadable_integrate_answer_leaves_the_call_outcome_unknown(
    answer: Any, said: str, creating: bool
) -> None:
    platform = Answering(answer)
    outcome = apply_site(platform, empty(load()) if creating else applied(load()))
    assert outcome.status is Status.FAILED and platform.calls == 1 and platform.reads == 0
    assert outcome.message.startswith(
        f"the integrate call (POST .../integrations/integrate) was accepted, but {said}"
    )
    assert "may or may not have been applied" in outcome.message
    assert outcome.unsure and outcome.applied == outcome.pending == []
