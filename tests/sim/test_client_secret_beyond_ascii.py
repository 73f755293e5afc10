"""A client secret holding characters beyond ASCII is compared as the UTF-8 it travels as: no crash."""

from __future__ import annotations

import asyncio

import httpx

from iotplan.sim import SimApp, SimTransport, create_app, demo_seed

SECRET = "pass\u00a0wörd"  # a no-break space and an umlaut, as a password manager may give them


def ask_for_token(app: SimApp, client_secret: str) -> httpx.Response:
    form = {"grant_type": "client_credentials", "client_id": "nbsp-client", "client_secret": client_secret}

    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=SimTransport(app=app), base_url="http://platform") as http:
            return await http.post("/connect/token", data=form)

    return asyncio.run(go())


def test_a_secret_beyond_ascii_authenticates_and_a_wrong_one_is_refused() -> None:
    client = {"client_id": "nbsp-client", "client_secret": SECRET, "projects": "*", "token_ttl": 3600}
    app = create_app(seed={**demo_seed(), "clients": [client]})
    issued = ask_for_token(app, SECRET)
    assert issued.status_code == 200 and issued.json()["token_type"] == "Bearer"
    wrong = ask_for_token(app, "pass\u00a0word")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_client"
