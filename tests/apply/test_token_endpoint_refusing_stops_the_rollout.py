"""An OAuth client secret revoked while a fleet is applied: the platform refuses the cached token
401, the token endpoint refuses to renew it (an error of the token endpoint's, no answer of the
platform's), and no further unit starts. Before, each unit after it failed with the same paragraph."""

from __future__ import annotations

import asyncio

import httpx

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.units import Unit
from iotplan.clients.auth import ClientCredentials
from iotplan.clients.platform import PlatformClient
from iotplan.commands import apply as apply_command
from iotplan.errors import IotplanError
from tests.commands.test_probes_alone import GOES_AHEAD

TOKEN_URL = "https://ims.test/connect/token"
INTEGRATE = "/api/integrations/integrate"
REVOKED = {"error": "invalid_client"}
EXPIRED = {"errors": [{"message": "Token has expired", "path": "Authorization"}]}


class RevokedAfterOneWrite:
    """A token endpoint that answers once, then refuses the secret; a platform that accepts the
    token it gave for one write, then refuses it (revoked with its secret)."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if request.url.path == "/connect/token":
            if self.paths.count("/connect/token") > 1:
                return httpx.Response(400, json=REVOKED)
            return httpx.Response(200, json={"access_token": "t1", "expires_in": 3600})
        if self.paths.count(INTEGRATE) > 1:
            return httpx.Response(401, json=EXPIRED)
        return httpx.Response(200, json={"integration": {}})


def integrating_unit(name: str, client: PlatformClient) -> Unit:
    async def run() -> Outcome:
        outcome = Outcome(name, pending=[name])
        try:
            await outcome.send(lambda: client.integrate("p", {"integration": {}}), [])
        except IotplanError as error:
            outcome.status, outcome.message = Status.FAILED, str(error)
            return outcome
        outcome.status = Status.APPLIED
        return outcome

    return Unit(name, [], run)


def apply_units(platform: RevokedAfterOneWrite) -> tuple[list[Outcome], str]:
    async def go() -> tuple[list[Outcome], str]:
        credentials = ClientCredentials(
            "id", "client-secret", TOKEN_URL, "IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET"
        )
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=credentials
        ) as http:
            client = PlatformClient(http)
            units = {name: integrating_unit(name, client) for name in ("a", "b", "c")}
            request = apply_command.ApplyRequest(parallelism=1)
            return await apply_command._in_waves(
                units, request, lambda _: None, apply_command._Ledger(), GOES_AHEAD
            )

    return asyncio.run(go())


def test_a_token_endpoint_refusing_to_renew_stops_further_units() -> None:
    platform = RevokedAfterOneWrite()
    outcomes, stopped = apply_units(platform)
    assert platform.paths.count(INTEGRATE) == 2, platform.paths  # a's, and b's refused
    assert [outcome.status for outcome in outcomes] == [Status.APPLIED, Status.FAILED, Status.NOT_STARTED]
    assert "The token endpoint refused IOTPLAN_CLIENT_ID and IOTPLAN_CLIENT_SECRET" in outcomes[1].message
    assert stopped.startswith("credentials refused at b"), stopped
    assert outcomes[2].message.startswith("not started: credentials refused"), outcomes[2].message
