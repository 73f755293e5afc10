"""What the platform answered that the client cannot use: an id no URL can carry, a catalog answer
that is not an object. Each stops with a PlatformError naming the request, never another exception."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.fake_platform import run_client


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing can be sent, yet {request.url} was")


@pytest.mark.parametrize(
    ("node_id", "why"),
    [
        ("/api/2C7619/node\x00", "Invalid non-printable ASCII character in URL, '\\x00' at position 34."),
        ("/api/2C7619/node/" + "a" * 100_000, "URL too long"),
    ],
    ids=["control-character", "too-long"],
)
def test_a_connection_id_no_url_can_carry_stops_naming_the_route(node_id: str, why: str) -> None:
    with pytest.raises(PlatformError) as raised:
        run_client(_never, lambda client: client.get_integration("p", node_id))
    assert str(raised.value) == (
        "POST /api/integrations/{nodeId} cannot be sent: the id in its URL, as the platform answered it, "
        f"is one no URL can carry ({why}), so iotplan cannot read or write what it names"
    )


@pytest.mark.parametrize("answer", [[{"id": "X"}], "deviceTypes", 5, None], ids=repr)
def test_a_catalog_answer_that_is_not_an_object_stops_naming_the_request(answer: Any) -> None:
    def answered(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(answer))  # null too, which json=None leaves out

    async def twice(client: PlatformClient) -> list[str]:
        refusals = []
        for _ in range(2):  # the answer is kept for the run: every reader is refused alike
            with pytest.raises(PlatformError) as raised:
                await client.device_types()
            refusals.append(str(raised.value))
        return refusals

    assert run_client(answered, twice) == 2 * [
        f"GET /api/devices/types answered {type(answer).__name__}, not the documented object: iotplan "
        "cannot check the manifest's templates, metrics and units against it"
    ]
