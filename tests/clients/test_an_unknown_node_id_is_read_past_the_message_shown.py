"""A 422 says a connection's id is unknown where its message names `nodeId` (the documented "ensure the
provided nodeId is valid"); that word was looked for in the message as an error shows it, cut at 2,000
characters, so a long message naming it further on read as another refusal."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import error_for, no_such_connection


def test_an_unknown_node_id_named_past_the_cut_is_read() -> None:
    message = "validation failed: " + "field ok; " * 300 + "ensure the provided nodeId is valid"
    request = httpx.Request("GET", "https://iiot.example/api/integrations/ab12")
    assert no_such_connection(
        error_for(httpx.Response(422, json={"error": {"message": message}}, request=request))
    )
