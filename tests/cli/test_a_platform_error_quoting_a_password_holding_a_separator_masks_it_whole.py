"""A platform's error quoting a password that holds `&`, `;`, `,` or `}` (`Password=Hunt&Tail`) showed
its tail in the failure message: a named value unquoted ended at the first such sign. It ends there
only where another `name=` follows (`pwd=...&page=2`, `Password=...;Database=x`) or the value's run
does (`Password=pw;` before a blank); otherwise at a blank or the text's end. A JSON string ends at
its closing quote, an escaped one (`\\"`) inside it."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import MASKED
from tests.e2e.conftest import QUICKSTART, Workspace

TAIL = "Tail4x9q"


@pytest.mark.parametrize(
    "said",
    [
        f"login refused: Password=Hunt&{TAIL}",
        f"login refused: Password=Hunt;{TAIL} for user iot",
        f"login refused: password: Hunt,{TAIL}",
        f"login refused: Password=Hunt}}{TAIL}",
        f"GET /login?user=iot&pwd=Hunt&{TAIL}&page=2 refused",
        f'upstream said {{"password":"Hunt\\"&{TAIL}","user":"iot"}}',
    ],
)
def test_a_400_quoting_such_a_password_shows_none_of_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, said: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")

    def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": {"code": "BadRequest", "message": said}})

    monkeypatch.setattr(httpx, "AsyncHTTPTransport", lambda **_: httpx.MockTransport(refused))
    result = workspace.run("plan", QUICKSTART, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 1, result.output
    assert "BadRequest: " in result.stderr and MASKED in result.stderr, result.stderr
    assert TAIL not in result.stdout + result.stderr, result.stderr


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Password=Hunt&3", f"Password={MASKED}"),
        ("GET /x?user=iot&pwd=Hunt&7&page=2 refused", f"GET /x?user=iot&pwd={MASKED}&page=2 refused"),
        ("Server=db1;Password=Hunt;9;Database=iot;", f"Server=db1;Password={MASKED};Database=iot;"),
        ("Password=Hunt88; retry", f"Password={MASKED}; retry"),
        ("{password=Hunt88}", f"{{password={MASKED}}}"),
        ("{password=Hunt88, user=iot}", f"{{password={MASKED}, user=iot}}"),
        ('{"password":"Hu\\"nt;x y"}', f'{{"password":"{MASKED}"}}'),
        # A password's words run to its line's end: the sentence after it goes with it.
        ("password: Hunt88 was refused", f"password: {MASKED}"),
        ("Password=Hunt#88", f"Password={MASKED}"),
    ],
)
def test_a_named_value_ends_where_the_next_name_or_its_run_does(said: str, shown: str) -> None:
    assert redact(said) == shown
