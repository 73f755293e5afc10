"""The debug log (`--debug`) masks every line whole, the secrets iotplan holds and what `redact` tells
by its shape alike: a JSON-RPC error's `code` is the platform's to fill, and one that echoed the API key
iotplan authenticated with (or a `Password=...;`) was shown in clear, masked only where it also held a
character the line escapes (the error itself masked it)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlatformError
from tests.cli.test_the_debug_log_escapes_what_a_terminal_acts_on import debug_on
from tests.clients.test_jsonrpc import CANARY, FakePlatform, Responses, run

__all__ = ["debug_on"]  # the fixture: the debug log turned on for the test


@pytest.mark.parametrize(
    ("code", "secret"),
    [
        pytest.param(CANARY, CANARY, id="the-key-held"),
        pytest.param(f"x {CANARY} y", CANARY, id="the-key-held-in-words"),
        pytest.param(f"{CANARY}\u200b", CANARY, id="the-key-held-then-a-character-escaped"),
        pytest.param("Password=hunter2xyz;", "hunter2xyz", id="a-named-password"),
        pytest.param("api_key=abcdef123456", "abcdef123456", id="a-named-key"),
        pytest.param(
            "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk", "eyJzdWIiOiIxIn0", id="a-jwt"
        ),
        pytest.param("https://admin:Sup3rSecret@gw.example/", "Sup3rSecret", id="a-password-before-a-host"),
    ],
)
def test_a_secret_in_a_json_rpc_error_code_is_masked(
    debug_on: object, capsys: pytest.CaptureFixture[str], code: str, secret: str
) -> None:
    def refused(request: dict[str, object]) -> Responses:
        return Responses([{"jsonrpc": "2.0", "id": request["id"], "error": {"code": code, "message": "no"}}])

    with pytest.raises(PlatformError):
        run(FakePlatform(time=refused), lambda client: client.time())
    said = capsys.readouterr().err
    assert secret not in said and "(sensitive)" in said, said
