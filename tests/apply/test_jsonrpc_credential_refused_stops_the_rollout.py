"""A THREAD unit whose JSON-RPC authenticate is refused (a JWT expired mid-apply, docs/sim.md
`/_sim/tokens`): its first request, the node's read, is refused the credential, and no further
unit starts, each of which would open a connection only to be refused the same way."""

from __future__ import annotations

import asyncio
from functools import partial

import httpx

from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.apply.units import Unit
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.commands import apply as apply_command
from tests.apply.test_thread import PROJECT, Recorder, plan_against_nothing
from tests.commands.test_probes_alone import GOES_AHEAD


async def expired_token(recorder: Recorder) -> str:
    async with httpx.AsyncClient(transport=recorder.emulator, base_url="http://sim") as http:
        minted = await http.post("/_sim/tokens", json={"projects": [PROJECT], "expires_in": -1})
    return str(minted.json()["access_token"])


def apply_two_thread_units(recorder: Recorder) -> tuple[list[Outcome], str]:
    (changes,) = thread_groups(plan_against_nothing()).values()

    async def go() -> tuple[list[Outcome], str]:
        token = await expired_token(recorder)
        transport = InProcessTransport(connection=recorder.connection)
        async with JsonRpcClient(transport, token, credential="the bearer token in IOTPLAN_TOKEN") as client:
            units = {}
            for name in ("a", "b"):
                progress = not_started(name, changes)
                run = partial(apply_thread, client, name, changes, progress)
                units[name] = Unit(name, changes, run, progress=progress)
            request = apply_command.ApplyRequest(parallelism=1)
            return await apply_command._in_waves(
                units, request, lambda _: None, apply_command._Ledger(), GOES_AHEAD
            )

    return asyncio.run(go())


def test_authenticate_refused_stops_further_thread_units() -> None:
    recorder = Recorder()
    outcomes, stopped = apply_two_thread_units(recorder)
    assert recorder.methods == ["authenticate"], recorder.methods  # a's, refused; b never connects
    assert "JSON-RPC authenticate to" in outcomes[0].message and "refused" in outcomes[0].message
    assert [outcome.status for outcome in outcomes] == [Status.FAILED, Status.NOT_STARTED]
    assert stopped.startswith("credentials refused at a"), stopped
    assert outcomes[1].message.startswith("not started: credentials refused"), outcomes[1].message
