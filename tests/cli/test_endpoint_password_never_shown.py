"""A platform URL whose password holds `/`, `?` or `#` (a base64 password often does) is refused in
one line, before any request, and no part of the password is in what iotplan prints: urllib takes
what follows such a character for a port, a path or a query, and its own error text quotes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.clients.target import TARGET_VARIABLES
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "quickstart" / "site.yaml")
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing is asked anyway
AFTER_HOST = "has an '@' after its host"


def with_password(scheme: str, password: str, path: str = "") -> str:
    return f"{scheme}://feeduser:{password}@127.0.0.1:9{path}"


def where(name: str, password: str) -> tuple[list[str], dict[str, str]]:
    """The flags and variables that give `name` a URL with `password`, the rest of the target valid."""
    key = {"IOTPLAN_API_KEY": "key-7f3"}
    if name == "--endpoint":
        return ["--endpoint", with_password("http", password)], key
    if name == "IOTPLAN_ENDPOINT":
        return [], {**key, name: with_password("http", password)}
    if name == "--rpc-endpoint":
        return ["--endpoint", UNREACHABLE, "--rpc-endpoint", with_password("ws", password)], key
    if name == "IOTPLAN_RPC_ENDPOINT":
        return [], {**key, "IOTPLAN_ENDPOINT": UNREACHABLE, name: with_password("ws", password)}
    client = {"IOTPLAN_CLIENT_ID": "cc-client", "IOTPLAN_CLIENT_SECRET": "cc-secret-7f3"}
    return ["--endpoint", UNREACHABLE], {**client, name: with_password("http", password, "/connect/token")}


def pieces(secret: str, shortest: int = 6) -> set[str]:
    """Every run of `shortest` characters of `secret`: a longer piece holds one of them."""
    return {secret[start : start + shortest] for start in range(len(secret) - shortest + 1)}


@pytest.mark.parametrize(
    "name", ["--endpoint", "IOTPLAN_ENDPOINT", "--rpc-endpoint", "IOTPLAN_RPC_ENDPOINT", "IOTPLAN_TOKEN_URL"]
)
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Kq7vW2/xZ9pL4mTj", AFTER_HOST),  # urllib reads "Kq7vW2" as the port
        ("Kq7vW2?xZ9pL4mTj", AFTER_HOST),
        ("Kq7vW2#xZ9pL4mTj", AFTER_HOST),
        ("Kq7/vW2?xZ9#pL4mTj", AFTER_HOST),
        ("Kq7vW2\uff03xZ9pL4mTj", "its host part cannot be read"),  # a full-width '#': urllib quotes it all
    ],
    ids=["slash", "question-mark", "hash", "all-three", "full-width-hash"],
)
def test_a_url_password_holding_a_delimiter_is_refused_without_any_piece_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, password: str, reason: str
) -> None:
    monkeypatch.chdir(tmp_path)
    flags, environ = where(name, password)
    unset: dict[str, str | None] = dict.fromkeys(TARGET_VARIABLES)
    result = CliRunner().invoke(cli, ["plan", SITE, *flags], env={**unset, **environ})
    assert result.exit_code == 1, result.output
    assert not [piece for piece in pieces(password) if piece in result.output], result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {name} '") and reason in line
