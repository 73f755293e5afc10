"""JSON-RPC's WebSocket is named (its debug lines, its errors) and a handshake's redirect is shown
with the value of a path parameter named like a credential masked (`;token=(sensitive)`), as a
URL's query is hidden."""

from __future__ import annotations

from iotplan.clients.jsonrpc_transport import WebSocketTransport

SESSION = "abcdefabcdef1234"


def test_a_websocket_url_shown_masks_a_credential_path_parameter() -> None:
    transport = WebSocketTransport(f"ws://127.0.0.1:4201/rpc;token={SESSION}")
    redirect = str(transport._redirected(301, f"/other;jsessionid={SESSION}/rpc"))
    assert transport.description == "ws://127.0.0.1:4201/rpc;token=(sensitive)"
    assert SESSION not in redirect
    assert "a redirect to ws://127.0.0.1:4201/other;jsessionid=(sensitive)/rpc: " in redirect
