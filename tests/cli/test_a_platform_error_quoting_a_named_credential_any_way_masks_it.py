"""A platform's error quoting a named credential some way the message rule did not read showed it:
JSON quoted inside the error's own string (`{\\"password\\":\\"...\\"}`, at any depth of escaping), a
value starting with `&`, `;` or `,` (`Password=;Hunt3`, `token=&Amp7`), and a password's or
passphrase's words after its first (`Password: p@ss w0rd`). A password's or passphrase's value now
runs to the end of its line, quoted string or field, as a manifest reads it; and a URL parameter's
value keeps an `&` that no parameter's name follows (`?pwd=Hunt&&3`, `?pwd=Hunt&3=4`)."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import MASKED, text_names_a_credential, without_url_credentials
from tests.e2e.conftest import QUICKSTART, Workspace

# Each part of a credential that a message must not show.
PARTS = ("Hunt3xyz", "Zz9", "Tail9", "Amp7", "w0rd", "battery", "staple", "Sx4k", "8Qz")


@pytest.mark.parametrize(
    "said",
    [
        '{"password":"Hunt3xyz","db_password":"Zz9&Tail"}',  # JSON in the error's string
        '{"outer":"{\\"password\\":\\"Hunt3xyz\\"}"}',  # JSON in JSON in the error's string
        "invalid connection string Password=;Hunt3xyz;Database=iot",
        "login refused: pwd=,Tail9",
        "login refused: token=&Amp7",
        "login refused: Password: p@ss w0rd",
        "passphrase: correct horse battery staple",
        "GET /feed?pwd=Hunt&&Sx4k refused",
        "GET /feed?pwd=Hunt&8Qz=4 refused",
    ],
)
def test_a_400_quoting_such_a_credential_shows_none_of_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, said: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")

    def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": said})

    monkeypatch.setattr(httpx, "AsyncHTTPTransport", lambda **_: httpx.MockTransport(refused))
    result = workspace.run("plan", QUICKSTART, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 1, result.output
    assert "answered 400" in result.stderr and MASKED in result.stderr, result.stderr
    shown = result.stdout + result.stderr
    assert not [part for part in PARTS if part in shown], result.stderr


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        # Escaped once, twice: the value ends at its own closing quote, escaped as its opening one.
        (
            '{\\"password\\":\\"Hunt3xyz\\",\\"user\\":\\"iot\\"}',
            f'{{\\"password\\":\\"{MASKED}\\",\\"user\\":\\"iot\\"}}',
        ),
        ('{\\"pin1\\":\\"98\\\\\\"76\\"}', f'{{\\"pin1\\":\\"{MASKED}\\"}}'),
        ('\\\\\\"token\\\\\\": \\\\\\"k9x8\\\\\\" left', f'\\\\\\"token\\\\\\": \\\\\\"{MASKED}\\\\\\" left'),
        # A value starting with a separator is masked; an empty one before the next name stays empty.
        ("Password=;Hunt3;Database=iot", f"Password={MASKED};Database=iot"),
        ("token=,Tail9 and more", f"token={MASKED} and more"),
        ("token=&Amp7", f"token={MASKED}"),
        ("password=&user=iot", "password=&user=iot"),
        ("Password=;Database=iot", "Password=;Database=iot"),
        # A password's or passphrase's words run to the end of the line, quoted string or field; so the
        # words of a sentence after it are lost with it (`was refused`): a tail shown is worse.
        ("Password: p@ss w0rd", f"Password: {MASKED}"),
        ("passphrase: correct horse battery staple", f"passphrase: {MASKED}"),
        ("password: Hunt88 was refused", f"password: {MASKED}"),
        ("Password: p@ss w0rd\nretry later", f"Password: {MASKED}\nretry later"),
        ('said "wifi password: p@ss w0rd" then', f'said "wifi password: {MASKED}" then'),
        ("Server=db;Password=p@ss w0rd;Database=iot", f"Server=db;Password={MASKED};Database=iot"),
        ("Password=Hunt88, retry", f"Password={MASKED}, retry"),
        ("Password: too short", "Password: too short"),  # a message's words, as before
        # Only a password's or passphrase's: a token's value still ends at a blank.
        ("token: k9x8 was refused", f"token: {MASKED} was refused"),
        # What a value holding a separator swallows: `;retry` cannot be told from a password's tail.
        ("Password=pw;retry the request later", f"Password={MASKED}"),
        ("token=pw;retry the request later", f"token={MASKED} the request later"),
    ],
)
def test_such_a_named_value_is_masked_to_its_end(said: str, shown: str) -> None:
    assert redact(said) == shown


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h/x?pwd=Hunt&&3", f"https://h/x?pwd={MASKED}"),
        ("https://h/x?pwd=Hunt&&3&page=2", f"https://h/x?pwd={MASKED}&page=2"),
        ("https://h/x?pwd=Hunt&3=4", f"https://h/x?pwd={MASKED}"),
        ("https://h/x?pwd=Hunt&3=4&page=2", f"https://h/x?pwd={MASKED}&page=2"),
        ("https://h/x?pwd=&Hunt3", f"https://h/x?pwd={MASKED}"),
        ("https://h/x?pwd=&page=2", "https://h/x?pwd=&page=2"),
        # A sentence's full stop after a URL cannot be told from a password's last character: lost.
        ("see https://h/x?pwd=Hunt&3. Then retry", f"see https://h/x?pwd={MASKED} Then retry"),
    ],
)
def test_a_url_parameters_value_keeps_an_amp_no_name_follows(url: str, shown: str) -> None:
    assert without_url_credentials(url) == shown


@pytest.mark.parametrize("text", ['{\\"password\\":\\"Hunt3xyz\\"}', "Password=;Hunt3", "token=&Amp7"])
def test_views_read_such_text_as_naming_a_credential(text: str) -> None:
    assert text_names_a_credential(text)
