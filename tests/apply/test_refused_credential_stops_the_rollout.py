"""Once the platform answers a write 401 (an expired bearer token, an API key revoked), no further
unit starts: each would send its write only to be refused the same way, a refused request and a
failure paragraph per connection of a fleet. The units in flight still finish and report."""

from __future__ import annotations

import asyncio

import httpx

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.units import Unit
from iotplan.clients.errors import error_for
from iotplan.commands import apply as apply_command
from iotplan.errors import IotplanError
from tests.commands.test_probes_alone import GOES_AHEAD

EXPIRED = {"errors": [{"message": "Token has expired", "path": "Authorization"}]}


def expired() -> httpx.Response:
    request = httpx.Request("POST", "https://iiot.test/api/integrations/integrate")
    return httpx.Response(401, json=EXPIRED, request=request)


def refused_unit(name: str, sent: list[str]) -> Unit:
    """A unit whose one write the platform answers 401."""

    async def run() -> Outcome:
        outcome = Outcome(name, pending=[name])

        async def write() -> None:
            sent.append(name)
            raise error_for(expired(), write=True, credential="the bearer token in IOTPLAN_TOKEN")

        try:
            await outcome.send(write, [])
        except IotplanError as error:
            outcome.status, outcome.message = Status.FAILED, str(error)
        return outcome

    return Unit(name, [], run)


def apply_units() -> tuple[list[Outcome], list[str], str]:
    sent: list[str] = []
    units = {name: refused_unit(name, sent) for name in ("a", "b", "c")}
    request = apply_command.ApplyRequest(parallelism=1)
    outcomes, stopped = asyncio.run(
        apply_command._in_waves(units, request, lambda _: None, apply_command._Ledger(), GOES_AHEAD)
    )
    return outcomes, sent, stopped


def test_after_a_write_answered_401_no_further_unit_starts() -> None:
    outcomes, sent, stopped = apply_units()
    assert sent == ["a"]
    assert stopped.startswith("credentials refused at a: ") and "Token has expired" in stopped, stopped
    assert outcomes[0].status is Status.FAILED
    for outcome in outcomes[1:]:
        assert outcome.status is Status.NOT_STARTED
        assert outcome.message.startswith("not started: credentials refused"), outcome.message
