"""A field that is no secret prop holding the value an `${env:NAME}` reference resolves to in another
spelling (another case, base64, hex, percent-encoded, JSON-escaped, a slice of it) is refused as the
plain value is: a plan masks each of those spellings, so it would show `(sensitive)` where apply
writes the secret. The message names the field and the reference, never the value, and a way out
that works when the field only looks alike: a new token in the variable."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan import secrets
from iotplan.cli.main import cli
from tests.cli.secret_in_another_field import notes_naming, planned

TOKEN = "Xk29Pq&Lm7vB3wzR5tYa"
ROTATED = "Hq4rNw8ZsT2mVb6LpC0e"

SPELLINGS: dict[str, Callable[[str], str]] = {
    "other case": str.lower,
    "base64": lambda token: base64.b64encode(token.encode()).decode(),
    "hex": lambda token: token.encode().hex(),
    "percent-encoded": lambda token: urllib.parse.quote(token, safe=""),
    "JSON-escaped": lambda token: token.replace("&", "\\u0026"),
    "a slice": lambda token: token[6:19],
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
@pytest.mark.parametrize("command", [("plan",), ("apply", "--auto-approve")])
def test_a_secret_spelled_otherwise_in_notes_stops_naming_the_field_and_the_reference(
    tmp_path: Path, command: tuple[str, ...], spelling: Callable[[str], str]
) -> None:
    manifest, database = tmp_path / "site.yaml", tmp_path / "sim.db"
    manifest.write_text(notes_naming(spelling(TOKEN)))
    result = CliRunner().invoke(
        cli, [*command, str(manifest), "--sim-db", str(database)], env={"TOKEN_01": TOKEN}
    )
    assert result.exit_code != 0, result.output
    assert "site-01: notes holds the value ${env:TOKEN_01} gives" in result.output, result.output
    assert TOKEN not in result.output and spelling(TOKEN) not in result.output
    # Nothing was written: with the field kept and a new token (the way out), the node is still to add.
    code, output = planned(manifest, database, ROTATED)
    assert code in (0, 2) and "+ node site-01" in output, output


def test_the_way_out_for_a_field_that_only_looks_alike_plans_it_in_clear(tmp_path: Path) -> None:
    """The refusal's way out, a new token in the variable, works: the field is planned as written."""
    manifest, database = tmp_path / "site.yaml", tmp_path / "sim.db"
    looks_alike = base64.b64encode(TOKEN.encode()).decode()
    manifest.write_text(notes_naming(looks_alike))
    code, refused = planned(manifest, database, TOKEN)
    assert code == 1 and "set a new token in TOKEN_01" in refused, refused
    secrets.forget_all()  # the next run is a process of its own, which never held the old token
    code, output = planned(manifest, database, ROTATED)
    assert code == 0 and f"feed key {looks_alike} rotated May" in output, output
